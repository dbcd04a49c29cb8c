/* uuid.h — record identifiers. */
#ifndef SAPXEP_UUID_H
#define SAPXEP_UUID_H

#include <stdbool.h>

#define UUID_LEN 36

/* Writes a random (version 4) UUID in lower case into buf[37].
 * Returns 0, or -1 when the system has no randomness to give. */
int uuid_v4(char *buf);

/* True for the canonical lower-case 8-4-4-4-12 hex form and nothing else:
 * such an id is safe to use as a file name. */
bool uuid_valid(const char *s);

#endif
