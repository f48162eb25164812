/**
 * Pages that would hurt the parser: each small, real-looking, and once took
 * minutes, gigabytes or the call stack. `test/hostile.test.ts` holds each to
 * its diagnostic; `npm run bench` says how long each takes to be refused.
 */
export const HOSTILE_PAGES: [name: string, text: string, message: RegExp][] = [
  ["2,000 nested <div>s", `<table><tr><th>Error Code</th><th>Description</th></tr><tr><td>A</td><td>${"<div>".repeat(2000)}x${"</div>".repeat(2000)}</td></tr></table>\n`, /HTML elements nested 501 deep/],
  ["nested <table>s", `${"<table><tr><td>".repeat(1000)}x${"</td></tr></table>".repeat(1000)}\n`, /nested 501 deep/],
  ["100,000 <b>s in a cell", `| Error Code | Description |\n|---|---|\n| A | ${"<b>".repeat(100000)}x |\n`, /nested 501 deep/],
  ["3,000 nested blockquotes", `${">".repeat(3000)} | Error Code | Description |\n`, /blockquotes nested 3000 deep/],
  ["a table of 100,000 rows", `| Error Code | Description |\n|---|---|\n${"| A | a |\n".repeat(100000)}`, /more than 10000 table rows/],
  ["a row of 50,000 cells", `|${" Error Code |".repeat(50000)}\n|${"---|".repeat(50000)}\n`, /a table row of 50000 cells/],
  // Quadratic in the inline parser: delimiters and brackets resolved pairwise, character references one by one.
  ["a cell of 10,000 nested emphasis delimiters", `| Error Code | Description |\n|---|---|\n| A | ${"*".repeat(5000)}x${"*".repeat(5000)} |\n`, /more than 1000 emphasis delimiters \(\*, _, ~\) in one block/],
  ["30,000 nested links", `${"[".repeat(30000)}x${"](y)".repeat(30000)}\n`, /more than 300 brackets \(\[\) in one block/],
  ["2.5 MB of &amp;", `| Error Code | Description |\n|---|---|\n| A | ${"&amp;".repeat(500000)} |\n`, /more than 10000 ampersands/],
  ["6,000 delimiters in blocks of 900", `${`${"_".repeat(450)}x${"_".repeat(450)}\n\n`.repeat(7)}`, /more than 5000 emphasis delimiters/],
];

/** 60 columns, then rows of one cell under a 64-row span: 59 holes a row, 9,000 rows (filled in time linear in the table). */
export const ROWSPAN_HOLES = `<table><tr><th>Error Code</th><th>Description</th>${"<th>x</th>".repeat(58)}</tr>${`<tr><td>C</td><td rowspan="64">d</td></tr>${"<tr><td>C</td></tr>".repeat(63)}`.repeat(140)}</table>\n`;
