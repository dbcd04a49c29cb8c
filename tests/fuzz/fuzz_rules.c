/* fuzz_rules.c — the rule-pack loader (config/rules/<pack>.yaml): parse,
 * then ask for every fact's value and citation on a few dates. */
#include "fuzz.h"
#include "store/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pack must be named after its file: name the input after the pack it
 * says it is, so that the fuzzer gets past that check. */
static void file_name(const uint8_t *data, size_t size, char *out, size_t cap)
{
	char name[64] = "pack";
	for (size_t i = 0; i + 6 < size; i++) {
		if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, "pack: ", 6) == 0) {
			size_t k = 0;
			for (size_t j = i + 6; j < size && k + 1 < sizeof name &&
			    (data[j] == '-' || data[j] == '_' || (data[j] >= '0' && data[j] <= '9') ||
			    (data[j] >= 'a' && data[j] <= 'z') || (data[j] >= 'A' && data[j] <= 'Z')); j++)
				name[k++] = (char)data[j];
			name[k ? k : 4] = '\0';
			break;
		}
	}
	snprintf(out, cap, "/fuzz/rules/%s.yaml", name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pack p;
	struct err e;
	char path[96];
	file_name(data, size, path, sizeof path);
	if (pack_parse((const char *)data, size, path, &p, &e) != 0)
		return 0;
	const struct date days[] = { { 0, 0, 0 }, { 2019, 1, 1 }, { 2025, 7, 1 },
		{ 9999, 12, 31 } };
	free(citation_text(&p.cite));
	for (size_t i = 0; i < p.n; i++) {
		for (size_t d = 0; d < sizeof days / sizeof days[0]; d++) {
			const struct fact_value *v = pack_value(&p, p.facts[i].key, days[d]);
			if (v)
				free(citation_text(&v->cite));
			(void)pack_number(&p, p.facts[i].key, days[d], -1);
		}
	}
	struct packset ps = { &p, 1 };
	(void)pack_select(&ps, p.kind, NULL, days[2]);
	(void)pack_select(&ps, p.kind, p.name, days[2]);
	pack_clear(&p);
	return 0;
}
