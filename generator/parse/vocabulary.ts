/**
 * The words the docs use for table headers and section headings, in every
 * locale they come in. Header texts are compared after `headerKey`.
 */

/**
 * Lower case, NFKC (full-width → ASCII), no parenthesised aside
 * (`エラーコード（ErrorCode）` → `エラーコード`), no spaces or markup characters.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\([^)]*\)/g, "")
    .replace(/[\s*_:`'"]/g, "");
}

/**
 * Code columns, best first. A table is an error-code table when one of its
 * first rows has a header of any tier; the column of the best tier (the
 * first such column on a tie) holds the codes. Status-code headers count only
 * when no error-code header is present.
 */
export const CODE_TIERS: readonly (readonly string[])[] = [
  [
    "errorcode",
    "errorcodes",
    "errcode",
    "code",
    "エラーコード",
    "오류코드",
    "에러코드",
    "错误码",
    "错误代码",
    "错误码数值",
    "錯誤碼",
    "返回码",
    "returncode",
    "kodekesalahan",
    "kodeerror",
    "códigodoerro",
    "códigodeerro",
    "código",
  ],
  // Names of codes (constants such as `AV_ERR_FAILED`): the code column only
  // when there is no other; beside a column of values they are the `name` field.
  ["errorcodename", "エラーコード名", "エラーコード名称", "错误码名称", "错误码名", "오류코드명", "nomedoerro"],
  ["statuscode", "状态码", "ステータスコード", "상태코드"],
];

/**
 * Description columns, best first: a description proper, then the text the
 * API returns, then the cause, then an error type. The best present becomes `message`; the
 * others are kept as fields.
 */
export const MESSAGE_TIERS: readonly (readonly string[])[] = [
  [
    "description",
    "errordescription",
    "meaning",
    "definition",
    "説明",
    "エラー説明",
    "エラーの説明",
    "意味",
    "설명",
    "오류설명",
    "의미",
    "描述",
    "说明",
    "错误描述",
    "错误说明",
    "含义",
    "具体含义",
    "含义说明",
    "deskripsi",
    "deskripsikesalahan",
    "descrição",
    "descriçãodoerro",
    "descriçãodeerro",
  ],
  [
    "errormessage",
    "message",
    "errmsg",
    "returnmessage",
    "logmessage",
    "错误信息",
    "提示消息",
    "返回信息",
    "日志中错误提示",
    "英文描述",
    "英文提示",
    "エラーメッセージ",
    "エラー情報",
    "오류메시지",
    "오류정보",
  ],
  ["cause", "reason", "causeandsolution", "原因", "错误原因", "エラーの原因", "エラー原因", "오류원인", "원인", "에러원인", "motivo", "causa", "alasan", "penyebab"],
  // The legacy pages give a short "error type" and a long "what to do": the type is the message.
  ["errortype", "错误类型", "エラータイプ", "오류유형"],
];

/** Columns that mean the same thing in every locale share one field name. */
export const FIELD_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    resolution: [
      "solution",
      "resolution",
      "suggestion",
      "suggestedaction",
      "action",
      "handling",
      "対処方法",
      "対処法",
      "処理方法",
      "推奨される解決策",
      "처리방법",
      "해결방법",
      "조치방법",
      "处理措施",
      "处理方法",
      "解决方法",
      "解决方案",
      "解决办法",
      "处理建议",
      "推奨アクション",
      "推奨ソリューション",
      "제안솔루션",
      "제안된솔루션",
      "권장솔루션",
      "solução",
      "soluçãorecomendada",
      "solusi",
      "solusiyangdirekomendasikan",
    ],
    httpStatus: ["httpstatuscode", "httpstatus", "http状态码", "httpステータスコード", "http상태코드", "statuscode", "状态码", "ステータスコード", "상태코드"],
    errorType: ["errortype", "type", "category", "错误类型", "类型", "分类", "エラータイプ", "오류유형"],
    moduleCode: ["moduleerrorcode", "modularerrorcode", "模块错误码", "模块错误代码", "モジュールエラーコード"],
    apiMessage: MESSAGE_TIERS[1]!,
    reason: MESSAGE_TIERS[2]!,
    remarks: ["remarks", "remark", "note", "notes", "备注", "備考", "비고", "keterangan"],
    details: ["详细说明", "detaileddescription"],
    name: ["errorcodename", "エラーコード名", "エラーコード名称", "错误码名称", "错误码名", "오류코드명", "nomedoerro"],
  }).flatMap(([name, keys]) => keys.map((key) => [key, name] as const)),
);

/** Columns that carry nothing worth keeping. */
export const IGNORED_HEADERS: ReadonlySet<string> = new Set(["no.", "no", "#", "序号", "番号", "번호"]);

/**
 * A heading over common codes: 共通 / 公共 / 通用 / 공통 / 일반 / Common /
 * General / Public / Comum / Umum. A heading about frequent problems is no
 * such heading, whatever words it uses: see `isFaqHeading`.
 */
export const COMMON_HEADING = /共通|公共|通用|공통|일반|\bcommon\b|\bgeneral\b|\bpublic\b|\bcomuns?\b|\bumum\b/i;

/**
 * A heading about frequent problems rather than a section of codes: a question
 * (an FAQ's "What are the common errors…?", "常见错误有哪些？"), "frequent"
 * in Chinese (常见), or a heading that promises solutions ("Common Error
 * Codes and Solutions", "常见错误码解决方法": the English "common" there
 * translates 常见, not 公共).
 */
export const isFaqHeading = (heading: string) =>
  /[?？]\s*$/.test(heading) ||
  /^\s*(what|which|how|why|when|where|who|can|is|are|do|does)\b/i.test(heading) ||
  /常见|什么|哪些|如何|怎么|为什么|解决|対処|해결|\bsolutions?\b|\btroubleshoot/i.test(heading);
export const SERVICE_HEADING = /業務|サービス|业务|服务|비즈니스|서비스|\bservice\b|\bbusiness\b|\bproduct\b/i;

/** A heading over a list of error codes: an action page's "4. Error Codes", "4. 错误码", "4. エラーコード", "4. 오류 코드". */
export const ERROR_CODES_HEADING = /错误码|錯誤碼|错误代码|error\s*codes?|エラーコード|오류\s*코드|에러\s*코드|c[óo]digos?\s+de\s+erro|kode\s+(kesalahan|error)/i;

/** The tier of a header key in `tiers`, or -1. */
export function tierOf(tiers: readonly (readonly string[])[], key: string): number {
  return tiers.findIndex((tier) => tier.includes(key));
}

/** "Value"/"number" qualifiers a code header may carry: `错误码值`, `エラーコード値`, `Error Code Value`. */
const VALUE_SUFFIX = /(值|数值|値|番号|값|value|number|no\.?|num|valor|nilai)$/;
/** "Name" qualifiers: `错误码名`, `エラーコード名`, `Error Code Name`, `에러 코드 이름`, and the ID of a constant (`错误码ID`). */
const NAME_SUFFIX = /(名称|名|명|명칭|이름|name|nome|nama|id)$/;
/** A possessive between the term and its qualifier: `エラーコードの値`, `错误码的名称`, `에러 코드의 값`. */
const POSSESSIVE = /(の|的|의)$/;

/**
 * The tier of a code-column header: the vocabulary's, or, for a code term
 * with a value qualifier, the bare term's (`错误码值` ranks as `错误码`), and
 * for one with a name qualifier, the names' tier. -1 for no code column.
 */
export function codeTierOf(key: string): number {
  const tier = tierOf(CODE_TIERS, key);
  if (tier >= 0) return tier;
  if (qualifiedTerm(key, VALUE_SUFFIX)) return 0;
  if (qualifiedTerm(key, NAME_SUFFIX)) return 1;
  return -1;
}

/** A code term of the first tier followed by a qualifier of `suffix`, a possessive between them allowed. */
function qualifiedTerm(key: string, suffix: RegExp): boolean {
  const term = key.replace(suffix, "");
  return term !== key && [term, term.replace(POSSESSIVE, "")].some((bare) => bare !== "" && tierOf(CODE_TIERS, bare) === 0);
}

/** A code header with a value qualifier (`错误码值`, `エラーコードの値`, `Error Code Value`): beside the bare term, it holds the values. */
export const isValueHeader = (key: string) => tierOf(CODE_TIERS, key) < 0 && qualifiedTerm(key, VALUE_SUFFIX);

/** A header that says "value" and nothing else (`数值`, `Value`): beside a column of code names, the codes' values. */
export const BARE_VALUE_HEADERS: ReadonlySet<string> = new Set(["值", "数值", "値", "数値", "값", "value", "valor", "nilai"]);

/**
 * What a row that points elsewhere says (`参见公共错误码`, "see the common
 * error codes"): a range of codes with such a message is a reference, not a code.
 */
export const REFERENCE_TERMS = /^\s*(参见|参考|参照|请参见|詳細は|ご参照|see\b|refer\b|consulte|lihat|참조)|(を参照|참조하십시오|참조)\S*\s*$/i;

/** Words that stand for a code in a template (`xxx`, `yyy`): no code at all. */
export const PLACEHOLDER = /^(x{3,}|y{3,}|z{3,})$/i;

/** Words that say a header is about error codes, in every language of the docs: a header holding one that is no known column is reported. */
export const CODE_TERMS = /errorcode|错误码|错误代码|錯誤碼|エラーコード|오류코드|에러코드|códigodo?e?erro|kodekesalahan|kodeerror/;

/**
 * Words of a description, meaning or cause: when no message header matches
 * exactly, a header holding one is the message column (`错误码含义`,
 * `错误中文描述`, `简要描述`, `原因と解決策`).
 */
export const DESCRIPTION_TERMS = /description|meaning|cause|reason|explanation|描述|说明|說明|含义|含義|原因|説明|意味|설명|의미|원인|descrição|deskripsi|keterangan|penyebab/;

/** Words that name a language in a header: `错误中文描述` is in Chinese, `英文描述` in English. */
export const LANGUAGE_TERMS: readonly (readonly [RegExp, RegExp])[] = [
  // The header's own script, and the words that name that language.
  [/[\u4e00-\u9fff]/, /中文|汉语|漢語|chinese/],
  [/[\u3040-\u30ff]/, /日本語|japanese/],
  [/[\uac00-\ud7af]/, /한국어|korean/],
  [/^[\x00-\x7f]*$/, /english|英文|英语/],
];
