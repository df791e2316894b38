/* `sdq gen`: writes synthetic, realistic e-commerce consignments (CSV or
 * NDJSON, in the layout of examples/data/sample.*), optionally with one
 * known defect in a chosen share of them and a manifest of the defects.
 * For tests of the checks and for benchmarks.
 *
 *   sdq gen --records N [--seed S] [--defect-rate R] [--format csv|ndjson]
 *           [--out FILE] [--manifest FILE] [--watchlist FILE]
 *
 * The output depends only on the arguments and on which rules the linked
 * library has (a defect class is injected only when its rule exists). */
#ifndef SDQ_EXAMPLES_GEN_H
#define SDQ_EXAMPLES_GEN_H

/* Runs `sdq gen` with the arguments after "gen" (argv[0] is the first
 * option; argv[argc] is not read). Returns the exit status: 0 written,
 * 2 usage error (with a message on stderr), 3 an output could not be
 * written. */
int sdq_gen_main(int argc, char **argv);

#endif
