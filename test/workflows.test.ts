import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/** The workflows cannot run here: parse them and check what they promise. */
const workflow = (name: string) =>
  parse(readFileSync(new URL(`../.github/workflows/${name}`, import.meta.url), "utf8")) as {
    on: Record<string, unknown>;
    concurrency?: { group: string };
    permissions?: Record<string, string>;
    jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] }>;
  };

const PINNED = /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/;
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> };

describe("regenerate.yml", () => {
  const wf = workflow("regenerate.yml");
  const steps = wf.jobs["regenerate"]!.steps;
  const index = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? step.uses ?? ""));

  it("runs on a schedule and by hand, one run at a time", () => {
    expect(wf.on).toHaveProperty("schedule");
    expect((wf.on["schedule"] as { cron: string }[])[0]!.cron).toMatch(/^(\S+\s+){4}\S+$/);
    expect(wf.on).toHaveProperty("workflow_dispatch");
    expect(wf.concurrency?.group).toBe("regenerate");
  });

  it("resolves the ref to a commit, fetches at that commit, generates with a change report, tests, then proposes a pull request, in that order", () => {
    const order = [
      index(/^npm ci$/),
      index(/fetch-docs -- --resolve/),
      index(/fetch-docs -- --discover --commit "\$UPSTREAM_COMMIT" --date "\$UPSTREAM_DATE"/),
      index(/npm run generate -- --changes md/),
      index(/^npm test$/),
      index(/create-pull-request/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("pins every action to a commit and limits the pull request to docs/ and generated/", () => {
    for (const step of steps) if (step.uses) expect(step.uses).toMatch(PINNED);
    const pr = steps[index(/create-pull-request/)]!.with!;
    expect(pr["branch"]).toBe("docs/regenerate");
    expect(String(pr["add-paths"]).trim().split("\n")).toEqual(["docs/", "generated/"]);
    const report = steps[index(/npm run generate -- --changes md/)]!;
    expect(report.run).toContain('--changes-file "$CHANGES_FILE"');
    expect(report.env?.["CHANGES_FILE"]).toBe(String(pr["body-path"]));
    expect(wf.permissions).toEqual({ contents: "write", "pull-requests": "write" });
  });

  it("hands the dispatch input to fetch-docs as an environment variable, which checks it is a ref, and the commit it names to the fetch", () => {
    const resolve = steps[index(/fetch-docs -- --resolve/)] as { id?: string; env?: Record<string, string>; run?: string };
    expect(resolve.env?.["DOC2ERRORS_REF"]).toBe("${{ inputs.ref || 'master' }}");
    expect(resolve.run).toBe('npm run --silent fetch-docs -- --resolve --ref "$DOC2ERRORS_REF" >> "$GITHUB_OUTPUT"');
    const fetch = steps[index(/fetch-docs -- --discover/)]!;
    expect(fetch.env).toMatchObject({ UPSTREAM_COMMIT: `\${{ steps.${resolve.id}.outputs.commit }}`, UPSTREAM_DATE: `\${{ steps.${resolve.id}.outputs.date }}` });
    // The workflow's token raises the API's rate limit (fetch-docs sends it to the API alone).
    for (const step of [resolve, fetch]) expect(step.env?.["GITHUB_TOKEN"]).toBe("${{ github.token }}");
  });

  it("calls scripts the project has", () => {
    for (const step of steps) {
      const script = /npm run (?:--silent )?(\S+)/.exec(step.run ?? "")?.[1];
      if (script) expect(pkg.scripts).toHaveProperty(script);
    }
  });
});

describe("ci.yml", () => {
  it("installs from the lock file and runs npm test on pushes and pull requests", () => {
    const wf = workflow("ci.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    const steps = wf.jobs["test"]!.steps;
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test"]);
    for (const step of steps) if (step.uses) expect(step.uses).toMatch(PINNED);
  });
});

describe("every workflow", () => {
  const names = readdirSync(new URL("../.github/workflows/", import.meta.url)).filter((name) => /\.ya?ml$/.test(name));

  it.each(names)("%s passes expressions to the shell through env:, never inside run:", (name) => {
    const text = readFileSync(new URL(`../.github/workflows/${name}`, import.meta.url), "utf8");
    const wf = parse(text) as { jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }> };
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps) {
        // Any expression in a script is code the shell runs: inputs and event data would be injected as is.
        expect(step.run ?? "", `${name}: ${step.run}`).not.toMatch(/\$\{\{/);
        // Values that come from outside are quoted where the script uses them.
        for (const variable of Object.keys(step.env ?? {})) {
          const uses = [...(step.run ?? "").matchAll(new RegExp(`\\$\\{?${variable}\\b\\}?`, "g"))];
          for (const use of uses) expect((step.run ?? "").slice(use.index! - 1, use.index!), `${name}: $${variable} unquoted`).toBe('"');
        }
      }
    }
  });
});

describe("release.yml", () => {
  const wf = workflow("release.yml");
  const steps = wf.jobs["publish"]!.steps as { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; "working-directory"?: string }[];
  const index = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? step.uses ?? ""));

  it("runs on version tags only, one at a time", () => {
    expect(wf.on).toEqual({ push: { tags: ["v*"] } });
    expect(wf.concurrency?.group).toBe("release");
  });

  it("installs, tests, checks the tag against the version, packs, attaches the tarball to a release of the tag, and publishes with provenance when there is a token, in that order", () => {
    const order = [
      index(/^npm ci$/),
      index(/^npm test$/),
      index(/generated\/package\.json"\)\.version/),
      index(/npm run --silent pack -- \.cache\/release/),
      index(/^gh release create "\$TAG" "\$TARBALL"/),
      index(/NPM_TOKEN/),
      index(/^npm publish/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const publish = steps[index(/^npm publish/)]!;
    expect(publish.run).toBe("npm publish --provenance --access public");
    expect(publish["working-directory"]).toBe("generated");
    expect(publish.env?.["NODE_AUTH_TOKEN"]).toBe("${{ secrets.NPM_TOKEN }}");
    expect(steps[index(/generated\/package\.json"\)\.version/)]!.env?.["TAG"]).toBe("${{ github.ref_name }}");
    const release = steps[index(/^gh release create/)]!;
    expect(release.env).toEqual({ GH_TOKEN: "${{ github.token }}", TAG: "${{ github.ref_name }}", TARBALL: "${{ steps.pack.outputs.tarball }}" });
    expect((publish as { if?: string }).if).toBe("steps.token.outputs.present == 'true'");
  });

  it("can write nothing but its release and the provenance token, pins its actions and points npm at the registry", () => {
    expect(wf.permissions).toEqual({ contents: "write", "id-token": "write" });
    for (const step of steps) if (step.uses) expect(step.uses).toMatch(PINNED);
    expect(steps.find((step) => step.uses?.startsWith("actions/setup-node"))!.with!["registry-url"]).toBe("https://registry.npmjs.org");
  });

  it("calls scripts the project has", () => {
    for (const step of steps) {
      const script = /npm run (?:--silent )?(\S+)/.exec(step.run ?? "")?.[1];
      if (script) expect(pkg.scripts).toHaveProperty(script);
    }
  });

  it("checks the tag as the test says: a tag that is not the version fails", async () => {
    const { execFileSync } = await import("node:child_process");
    const check = steps[index(/generated\/package\.json"\)\.version/)]!.run!.replace(/^node -e '/, "").replace(/'$/, "");
    const cwd = new URL("../", import.meta.url).pathname;
    const version = JSON.parse(readFileSync(new URL("../generated/package.json", import.meta.url), "utf8")).version as string;
    expect(() => execFileSync(process.execPath, ["-e", check], { cwd, env: { ...process.env, TAG: `v${version}` }, stdio: "pipe" })).not.toThrow();
    expect(() => execFileSync(process.execPath, ["-e", check], { cwd, env: { ...process.env, TAG: "v0.0.1" }, stdio: "pipe" })).toThrow();
  });
});
