# Image makers for the image tests (tests/e2e/images.sh, tests/bad/image_*.sh), sourced after
# lib.bash. Images are generated here with libvips' command-line tool and python3, never
# committed. Named .bash so tests/CMakeLists.txt does not run it as a test.
require_tool vips "apt-get install libvips-tools"
require_tool vipsheader "apt-get install libvips-tools"
require_tool python3 "apt-get install python3"

# solid_image FILE W H [R G B] — a W×H sRGB image of one colour, no metadata (the extension picks
# the format: .jpg, .png, .gif). Compresses to almost nothing, so big sizes are cheap.
solid_image() {
    local tmp
    tmp=$(mktemp -d)
    vips black "$tmp/b.v" "$2" "$3" --bands 3
    vips linear "$tmp/b.v" "$tmp/c.v" "1 1 1" "${4:-60} ${5:-120} ${6:-180}" --uchar
    vips copy "$tmp/c.v" "$1[strip]"
    rm -rf "$tmp"
}

# photo_image FILE W H — a W×H JPEG with camera-like noise (quality 92, no metadata).
photo_image() {
    local tmp
    tmp=$(mktemp -d)
    vips gaussnoise "$tmp/n.v" "$2" "$3" --mean 128 --sigma 25
    vips cast "$tmp/n.v" "$tmp/u.v" uchar
    vips bandjoin "$tmp/u.v $tmp/u.v $tmp/u.v" "$tmp/rgb.v"
    vips copy "$tmp/rgb.v" "$1[Q=92,strip]"
    rm -rf "$tmp"
}

# exif_orientation FILE N — adds an EXIF block with Orientation N (1..8) to the JPEG FILE, after
# its JFIF header, as a camera writes it (TIFF big-endian, one IFD0 entry: tag 0x0112 SHORT).
exif_orientation() {
    python3 - "$1" "$2" <<'PY'
import struct, sys
path, n = sys.argv[1], int(sys.argv[2])
d = open(path, "rb").read()
tiff = b"MM\0\x2a" + struct.pack(">IH", 8, 1) + struct.pack(">HHIHH", 0x0112, 3, 1, n, 0) + b"\0\0\0\0"
app1 = b"Exif\0\0" + tiff
seg = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
at = 2
if d[2:4] == b"\xff\xe0":  # keep JFIF's APP0 first
    at = 4 + struct.unpack(">H", d[4:6])[0]
open(path, "wb").write(d[:at] + seg + d[at:])
PY
}

# header FILE — what vipsheader says of FILE, without its name: "1600x1200 uchar, 3 bands, srgb, jpegload".
header() { vipsheader "$1" | sed 's/^.*: //'; }
