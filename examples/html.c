/* The HTML report of `sdq check --html`. */
#include "cli.h"

void write_report_html(const run *r, FILE *out) {
  (void)r;
  fputs("<!doctype html>\n<meta charset=\"utf-8\">\n<title>sdq report</title>\n"
        "<p>The HTML report is not written yet.</p>\n",
        out);
}
