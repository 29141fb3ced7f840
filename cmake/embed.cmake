# Turns a text file into a C array so the library carries it (used for styles/).
file(READ ${IN} HEX HEX)
string(LENGTH "${HEX}" N)
math(EXPR BYTES "${N} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BODY "${HEX}")
file(WRITE ${OUT} "#include <stddef.h>\nconst unsigned char ${SYM}[] = {${BODY}0x00};\nconst size_t ${SYM}_len = ${BYTES};\n")
