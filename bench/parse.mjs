// The baseline: a bare parse of each page named in the list file (one path a
// line) with unified + remark-parse + remark-gfm, and nothing else. Plain
// JavaScript, so the process loads no more than those packages.
import { readFileSync } from "node:fs";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const processor = unified().use(remarkParse).use(remarkGfm);
for (const file of readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean)) processor.parse(readFileSync(file, "utf8"));
