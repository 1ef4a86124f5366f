#!/bin/sh
# Regenerates the bad-input fixtures in this folder (they are committed; run
# this only to rebuild them).  printf with octal escapes keeps it POSIX.
set -e
cd "$(dirname "$0")"
# Latin-1 text: 0xE9 (é), 0xE3 (ã), 0xA3 (£) are invalid as UTF-8.
printf 'Caf\351 owners in S\343o Paulo raise prices\n\nLISBON: Prices rose to \24315 a plate in the caf\351s of the old town.\n' > latin1.txt
# Windows-1252 curly quotes (0x93/0x94), en dash (0x96) and an undefined byte (0x81).
printf 'Minister says \223no comment\224\n\nThe minister \226 asked twice \201 declined.\n' > cp1252.txt
# UTF-8 with a byte-order mark.
printf '\357\273\277Headline after a BOM\n\nBody text.\n' > bom.txt
# Binary: NUL bytes after a text-looking start.
printf 'Not really text\n\000\000\001\002binary\000tail\n' > binary.txt
# Empty file, and a file with no words at all.
: > empty.txt
printf '\n   \n\t\n--- *** ---\n' > nowords.txt
