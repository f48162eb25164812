import { afterEach, describe, expect, it } from "vitest";
import {
  CdbError,
  LegacyError,
  RedisError,
  cdbMessages,
  cdbMessagesJa,
  cdbMessagesKo,
  clearMessages,
  commonMessagesJa,
  commonMessagesKo,
  getMessage,
  legacyMessages,
  localeChain,
  registerMessages,
  type MessageCatalog,
} from "./helpers/package.js";

afterEach(() => clearMessages());

describe("localeChain", () => {
  it.each([
    ["ja", ["ja", "ko", "en", "zh-CN"], ["ja", "en", "zh-CN", "ko"]],
    ["ja-JP", ["ko", "ja"], ["ja", "ko"]],
    ["en-US", ["ja", "en", "zh-CN"], ["en", "zh-CN", "ja"]],
    ["zh", ["ja", "zh-CN"], ["zh-CN", "ja"]],
    ["zh-cn", ["zh-CN", "en"], ["zh-CN", "en"]],
    ["fr", ["ko", "ja"], ["ja", "ko"]],
    ["de", ["ko", "zh-CN", "ja"], ["zh-CN", "ja", "ko"]],
  ])("%s over %j → %j", (requested, available, chain) => {
    expect(localeChain(requested, available)).toEqual(chain);
  });
});

describe("getMessage", () => {
  it("looks in the given catalogs, service before common, along the locale chain", () => {
    const catalogs = [cdbMessagesJa, cdbMessagesKo, commonMessagesJa, commonMessagesKo];
    expect(getMessage("CdbError.BackupError", "ko", { catalogs })).toEqual({ message: "백업 오류.", locale: "ko" });
    expect(getMessage("InternalError", "ko", { catalogs })).toEqual({ message: "내부 오류.", locale: "ko" });
    // InvalidParameter is cdb's own code: its wording wins over the common one.
    expect(getMessage("InvalidParameter", "ja", { catalogs })?.message).toBe(cdbMessagesJa.messages.InvalidParameter?.message);
    // No English: falls back to any available locale, in tag order.
    expect(getMessage("CdbError", "en-US", { catalogs })?.locale).toBe("ja");
    expect(getMessage("No.Such.Code", "ja", { catalogs })).toBeUndefined();
  });

  it("does not find inherited object properties", () => {
    const catalogs: MessageCatalog[] = [cdbMessagesJa];
    expect(getMessage("toString", "ja", { catalogs })).toBeUndefined();
    expect(getMessage("__proto__", "ja", { catalogs })).toBeUndefined();
  });

  it("gives the legacy page's resolution column", () => {
    expect(getMessage(5100, "ja", { catalogs: legacyMessages })).toMatchObject({
      message: "リソース操作失敗",
      resolution: expect.stringContaining("後で再試行"),
      locale: "ja",
    });
  });
});

describe("localized messages on errors", () => {
  it("use registered catalogs, the service's first, then the common ones", () => {
    const error = new CdbError("InternalError", "Internal error (as the API said).");
    expect(error.localizedMessage("ja")).toBe("Internal error (as the API said).");
    registerMessages(...cdbMessages);
    expect(error.localizedMessage("ko")).toBe("내부 오류.");
    expect(error.localizedMessage("ja")).toBe("内部エラー。");
    expect(new CdbError("9003", "x").localized("ko")).toEqual({ message: "param error.", locale: "ko" });
  });

  it("take catalogs passed in directly, ignoring the registry", () => {
    registerMessages(cdbMessagesKo);
    const error = new CdbError("CdbError", "raw");
    expect(error.localizedMessage("ja", cdbMessagesJa)).toBe("バックエンドエラーまたはプロセスエラー。");
    expect(error.localized("ko", cdbMessagesJa)).toMatchObject({ locale: "ja" });
  });

  it("prefer, after the requested language, the message the API sent to a documented one in another language", () => {
    // Catalogs in ja and ko only: an English reader gets the API's own message, which comes in the language asked for.
    const catalogs = [cdbMessagesJa, cdbMessagesKo];
    const error = new CdbError("CdbError.BackupError", "Backup failed.");
    expect(error.localizedMessage("en", ...catalogs)).toBe("Backup failed.");
    expect(error.localizedMessage("ja-JP", ...catalogs)).toBe("バックアップエラー。");
    expect(error.localizedMessage("ko", ...catalogs)).toBe("백업 오류.");
    // With no message from the API, the documented chain answers: en, zh-CN, then any.
    expect(new CdbError("CdbError.BackupError", "").localizedMessage("en", ...catalogs)).toBe("バックアップエラー。");
    // getMessage keeps the chain, and says where it found the text.
    expect(getMessage("CdbError.BackupError", "en", { catalogs })).toMatchObject({ locale: "ja", message: "バックアップエラー。" });
    expect(getMessage("CdbError.BackupError", "en", { catalogs, fallback: false })).toBeUndefined();
  });

  it("fall back to the API's message for unknown codes", () => {
    registerMessages(...cdbMessages);
    expect(new RedisError("Brand.New", "as sent").localizedMessage("ja")).toBe("as sent");
  });

  it("work for the legacy numeric codes", () => {
    registerMessages(...legacyMessages);
    const error = new LegacyError(4000, "raw");
    expect(error.localized("ja")).toMatchObject({ message: "リクエストパラメータが不正です", locale: "ja" });
    // No Korean legacy page: the chain goes on to English.
    expect(error.localized("ko")).toMatchObject({ locale: "en", errorType: "Invalid request parameter" });
    expect(error.localized("zh")).toMatchObject({ locale: "zh-CN", message: "请求参数非法" });
  });

  it("are shared by every copy of the package (the registry is global)", async () => {
    registerMessages(cdbMessagesJa);
    const { join } = await import("node:path");
    const { cpSync } = await import("node:fs");
    const { tempDir, ROOT } = await import("./helpers/generate.js");
    const copy = tempDir("copy-m");
    cpSync(join(ROOT, "generated/runtime"), join(copy, "runtime"), { recursive: true });
    const other = await import(join(copy, "runtime/index.ts"));
    expect(other.getMessage("CdbError", "ja", { service: "cdb" })?.message).toBe("バックエンドエラーまたはプロセスエラー。");
  });
});
