// Runs epubcheck on many publications in ONE Java VM: the tests' way to call epubcheck.
//
//   java -cp EPUBCHECK.jar:CLASSDIR EpubcheckBatch < JOBS
//
// JOBS: one publication per line, tab-separated: OUT, then epubcheck's own command-line
// arguments (the path first, then e.g. --mode exp or --json FILE). For each line it calls
// epubcheck's command-line entry point (com.adobe.epubcheck.tool.EpubChecker.run, what the
// jar's main method calls before System.exit) with System.out and System.err sent to OUT, and
// writes epubcheck's exit code to OUT.rc. The output is byte for byte what `java -jar
// EPUBCHECK.jar ARGS...` prints; only the Java start-up (about 3 s of CPU on these machines,
// 0.1 s per publication after it) is paid once. Reflection, so that one class serves epubcheck
// 4.2.6 and 5.3.0 and compiles without either on the class path.
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;

public final class EpubcheckBatch {
    public static void main(String[] argv) throws Exception {
        Class<?> checker = Class.forName("com.adobe.epubcheck.tool.EpubChecker");
        Method run = checker.getMethod("run", String[].class);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out0 = System.out;
        PrintStream err0 = System.err;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            String[] args = Arrays.copyOfRange(f, 1, f.length);
            int rc;
            try (PrintStream ps = new PrintStream(new FileOutputStream(f[0]), true, "UTF-8")) {
                System.setOut(ps);
                System.setErr(ps);
                try {
                    rc = (Integer) run.invoke(checker.getDeclaredConstructor().newInstance(), (Object) args);
                } catch (InvocationTargetException e) {
                    // epubcheck itself threw: reported as a failure to run (exit 3), trace kept.
                    e.getCause().printStackTrace(ps);
                    rc = 3;
                }
            } finally {
                System.setOut(out0);
                System.setErr(err0);
            }
            Files.write(Paths.get(f[0] + ".rc"), (rc + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
