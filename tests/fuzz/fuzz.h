/* fuzz.h — shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput: built with clang and
 * -fsanitize=fuzzer by `make fuzz`, and with replay.c (any compiler) for
 * `make check`, which replays the kept crash inputs (regress/<harness>/)
 * and the seed corpus. A harness checks more than "no crash": where a
 * loader accepts an input, what it writes back must load again to the
 * same thing; a broken promise calls fuzz_fail(), which aborts.
 *
 * Adding one: tests/fuzz/fuzz_NAME.c is built and run by name; give it
 * SEEDS_fuzz_NAME in the Makefile and a folder tests/fuzz/inputs/fuzz_NAME/.
 * fuzz_merge.c gives the merge driver two sides and a base of a record:
 * the merge must load again and keep every changed value.
 */
#ifndef SAPXEP_FUZZ_H
#define SAPXEP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "model/form.h"
#include "model/value.h"
#include "store/paths.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The program's paths ($SAPXEP_SHARE, else the tree the harness was built
 * in) and the shipped forms, loaded once. Abort when they cannot be. */
const struct paths *fuzz_paths(void);
const struct formset *fuzz_forms(void);

/* refs that know no record: ref fields accept ids only. */
extern const struct refs fuzz_no_refs;

/* A NUL-terminated copy of the input (owned). */
char *fuzz_text(const uint8_t *data, size_t size);

/* Print why and abort: the harness found a broken promise. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
