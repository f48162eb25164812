/**
 * `tencentcloud-error-codes explain <code>`: the error in your logs, in your
 * language. It reads which code sets document the code from `sets.js` (the
 * codes of every set, as text), then loads the message catalog and the
 * actions of those sets alone.
 */
import { faultSource, type Fault } from "../runtime/faults.js";
import { localeChain, type MessageCatalog } from "../runtime/messages.js";
import { codeSets } from "./sets.js";

/**
 * What `explain` says of one code set that documents the code.
 * @public
 */
export interface ExplainedIn {
  /** `cvm`, `common`, `legacy`. */
  readonly service: string;
  readonly apiVersion: string;
  /** Where to import its error class and codes from: `tencentcloud-error-codes/cvm/v20170312`. */
  readonly import: string;
  /** The documented message in the locale asked for, or the nearest (see `messageLocale`). */
  readonly message?: string;
  readonly messageLocale?: string;
  /** The table's further columns (`resolution`, …) and the links of the message. */
  readonly fields: Readonly<Record<string, string>>;
  /** The actions whose docs list the code. */
  readonly actions: readonly string[];
  /** With `--action`: whether that action's docs list the code, and its page. */
  readonly action?: { readonly name: string; readonly lists: boolean; readonly page?: string };
  /** The pages of the actions that list the code (or of `--action`), where the docs link them. */
  readonly pages: Readonly<Record<string, string>>;
}

/**
 * What `explain` answers: `--json` prints it as it is.
 * @public
 */
export interface Explanation {
  readonly code: string;
  /** True when a code set (of `--service`, when given) documents it. */
  readonly known: boolean;
  readonly locale: string;
  readonly retryable: boolean;
  readonly fault?: Fault;
  /** The category the answer on `retryable` and `fault` comes from, when not the code itself. */
  readonly category?: string;
  readonly documentedIn: readonly ExplainedIn[];
}

const USAGE = "usage: tencentcloud-error-codes explain <code> [--service <service>[/v<YYYYMMDD>]] [--action <Action>] [--locale <locale>] [--json]";

/** Arguments from outside: what each may look like. */
const SERVICE = /^[a-z][a-z0-9]{0,39}(\/v\d{8})?$/;
const ACTION = /^[A-Z][A-Za-z0-9]{0,99}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
const CODE = /^[^\u0000-\u001F\u007F-\u009F\s]{1,200}$/;

/** Text from the docs or the command line on a terminal: no control or bidirectional control character reaches it. */
const printable = (text: string) => text.replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g, (c) => (c === "\n" ? " " : "?"));

interface Options {
  readonly code: string;
  readonly service?: string;
  readonly action?: string;
  readonly locale: string;
  readonly json: boolean;
}

/** The command line's words after the command's name, read; a string says what is wrong with them. */
function readArguments(args: readonly string[]): Options | "help" | string {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) return "help";
  if (args[0] !== "explain") return args.length === 0 ? "no command given" : `unknown command ${JSON.stringify(printable(args[0]!))}`;
  let code: string | undefined;
  const options: { service?: string; action?: string; locale?: string; json: boolean } = { json: false };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--help" || arg === "-h") return "help";
    else if (arg === "--service" || arg === "--action" || arg === "--locale") {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      const [pattern, key] = arg === "--service" ? [SERVICE, "service"] as const : arg === "--action" ? [ACTION, "action"] as const : [LOCALE, "locale"] as const;
      if (!pattern.test(value)) return `${arg} ${JSON.stringify(printable(value))} is not a ${key} (${arg === "--service" ? "cvm, or cvm/v20170312" : arg === "--action" ? "RunInstances" : "en, zh-CN, ja"})`;
      options[key] = value;
    } else if (arg.startsWith("-") && !/^-\d+$/.test(arg)) return `unknown option ${JSON.stringify(printable(arg))}`;
    else if (code !== undefined) return "one code at a time";
    else if (!CODE.test(arg)) return `${JSON.stringify(printable(arg))} is not an error code`;
    else code = arg;
  }
  if (code === undefined) return "no code given";
  return { code, locale: options.locale ?? "en", json: options.json, ...(options.service !== undefined && { service: options.service }), ...(options.action !== undefined && { action: options.action }) };
}

/** The catalogs and actions of a set, as its modules export them (found by shape, not by name). */
async function load(folder: string, module: string): Promise<Record<string, unknown>> {
  return (await import(`../${folder}/${module}.js`)) as Record<string, unknown>;
}

const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** What the package's docs say of `options.code`. */
export async function explain(options: Options): Promise<Explanation> {
  const { code } = options;
  const all = codeSets.map((row) => row.split("\t") as [id: string, apiVersion: string, folder: string, locales: string, codes: string]);
  let sets = all.filter(([, , , , codes]) => ` ${codes} `.includes(` ${code} `));
  if (options.service !== undefined) {
    const [service, version] = options.service.split("/") as [string, string | undefined];
    const ofService = all.filter(([id, , folder]) => id === service && (version === undefined || folder.endsWith(`/${version}`)));
    // The service's newest version unless one is named; its common codes are the service's too.
    const chosen = ofService.sort(([, a], [, b]) => (a < b ? 1 : a > b ? -1 : 0))[0];
    sets = sets.filter((set) => set === chosen || set[0] === "common");
  }
  const documentedIn: ExplainedIn[] = [];
  for (const [id, apiVersion, folder, locales] of sets) {
    const available = locales === "" ? [] : locales.split(" ");
    const locale = localeChain(options.locale, available)[0];
    let message: string | undefined;
    const fields: Record<string, string> = {};
    if (locale !== undefined) {
      const catalog = Object.values(await load(folder, `messages.${locale}`)).find(
        (value): value is MessageCatalog => typeof value === "object" && value !== null && "messages" in value,
      );
      const entry = catalog !== undefined && own(catalog.messages, code) ? (catalog.messages as Record<string, Record<string, unknown>>)[code] : undefined;
      for (const [key, value] of Object.entries(entry ?? {})) {
        if (typeof value !== "string") continue;
        if (key === "message") message = value;
        else fields[key] = value;
      }
    }
    let actions: string[] = [];
    let action: ExplainedIn["action"];
    const pages: Record<string, string> = {};
    if (id !== "common" && id !== "legacy") {
      const module = Object.entries(await load(folder, "actions"));
      const actionCodes = (module.find(([name]) => name.endsWith("ActionCodes"))?.[1] ?? {}) as Record<string, readonly string[]>;
      const actionPages = (module.find(([name]) => name.endsWith("ActionPages"))?.[1] ?? {}) as Record<string, string | undefined>;
      actions = Object.keys(actionCodes).filter((name) => actionCodes[name]!.includes(code));
      for (const name of options.action !== undefined ? [options.action] : actions) {
        if (own(actionPages, name) && actionPages[name] !== undefined) pages[name] = actionPages[name]!;
      }
      if (options.action !== undefined) {
        const name = options.action;
        action = { name, lists: own(actionCodes, name) && actionCodes[name]!.includes(code), ...(pages[name] !== undefined && { page: pages[name] }) };
      }
    }
    documentedIn.push({
      service: id,
      apiVersion,
      import: `tencentcloud-error-codes/${folder}`,
      ...(message !== undefined && { message, messageLocale: locale! }),
      fields,
      actions,
      ...(action !== undefined && { action }),
      pages,
    });
  }
  const source = faultSource(/^-?\d+$/.test(code) ? Number(code) : code);
  return {
    code,
    known: documentedIn.length > 0,
    locale: options.locale,
    retryable: source?.info.retryable ?? false,
    ...(source !== undefined && { fault: source.info.fault }),
    ...(source !== undefined && source.from !== code && { category: source.from }),
    documentedIn,
  };
}

/** The explanation for a terminal: one line a fact. */
export function explanationText(explanation: Explanation, options: Pick<Options, "service" | "action">): string {
  const lines: string[] = [];
  const code = printable(explanation.code);
  const where = options.service !== undefined ? ` by ${printable(options.service)}` : "";
  if (!explanation.known) lines.push(`${code}: not documented${where} in the Tencent Cloud API docs this package was generated from.`);
  else lines.push(`${code}`);
  for (const set of explanation.documentedIn) {
    const version = set.service === "common" ? "the common codes of API 3.0" : set.service === "legacy" ? "the legacy API 2.0 codes" : `${set.service} (API ${set.apiVersion})`;
    lines.push(`  ${version}, import from ${set.import}`);
    if (set.message !== undefined) lines.push(`    ${printable(set.message)} [${set.messageLocale}]`);
    for (const [field, value] of Object.entries(set.fields)) lines.push(`    ${printable(field)}: ${printable(value)}`);
    if (set.actions.length > 0) lines.push(`    listed for ${set.actions.length} action${set.actions.length === 1 ? "" : "s"}: ${set.actions.slice(0, 8).join(", ")}${set.actions.length > 8 ? ", …" : ""}`);
    if (set.action !== undefined) lines.push(`    ${set.action.name} ${set.action.lists ? "lists it" : "does not list it"}${set.action.page !== undefined ? `: ${set.action.page}` : ""}`);
    else for (const [name, page] of Object.entries(set.pages).slice(0, 3)) lines.push(`    ${name}: ${page}`);
  }
  const about = explanation.category !== undefined ? `its category, ${printable(explanation.category)}` : "the code";
  if (explanation.fault !== undefined) lines.push(`  ${explanation.retryable ? "retryable" : "not retryable"}; the ${explanation.fault} is at fault (from ${about})`);
  else lines.push(`  retrying: nothing is documented for ${about}`);
  return `${lines.join("\n")}\n`;
}

/** JSON for a terminal or a pipe: bidirectional and other invisible controls as escapes. */
const jsonText = (value: unknown) =>
  `${JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;

/**
 * The command: its exit status (0 documented, 1 not documented, 2 bad
 * usage) and what it prints, on standard output or standard error.
 * @public
 */
export async function run(args: readonly string[]): Promise<{ readonly status: 0 | 1 | 2; readonly stdout: string; readonly stderr: string }> {
  const options = readArguments(args);
  if (options === "help") return { status: 0, stdout: `${USAGE}\n`, stderr: "" };
  if (typeof options === "string") return { status: 2, stdout: "", stderr: `tencentcloud-error-codes: ${options}\n${USAGE}\n` };
  const explanation = await explain(options);
  return { status: explanation.known ? 0 : 1, stdout: options.json ? jsonText(explanation) : explanationText(explanation, options), stderr: "" };
}
