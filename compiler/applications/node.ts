/**
 * Reading an application file from disk (or `-`, standard input) for the CLI: the thin Node
 * wrapper around the parsing core in index.ts, which the browser uses without it.
 */
import { readFileSync } from "node:fs";
import { decodeUtf8, NotUtf8Error } from "../cli/io.js";
import { detectFormat, parseApplications, type ApplicationFile, type FirmFormat } from "./index.js";
import type { NamedInputSpec } from "@kuan/runtime/internal";

export type FileRead = { readonly ok: true; readonly file: ApplicationFile } | { readonly ok: false; readonly zh: string; readonly en: string };

export async function readApplicationFile(path: string, inputs: readonly NamedInputSpec[], firmFormat: FirmFormat, readStdin: () => Promise<string>): Promise<FileRead> {
  let text: string;
  try {
    text = path === "-" ? await readStdin() : decodeUtf8(readFileSync(path));
  } catch (error) {
    if (error instanceof NotUtf8Error) return { ok: false, zh: `${path} 不是 UTF-8 编码的文本（如为 GBK 编码，请另存为 UTF-8）`, en: `${path} is not UTF-8 text (if it is GBK, save it as UTF-8)` };
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") return { ok: false, zh: `无法读取 ${path}：文件不存在`, en: `cannot read ${path}: no such file` };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, zh: `无法读取 ${path}：${reason}`, en: `cannot read ${path}: ${reason}` };
  }
  return { ok: true, file: parseApplications(text, inputs, { format: detectFormat(path, text), firmFormat }) };
}
