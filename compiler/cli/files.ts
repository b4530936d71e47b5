/**
 * Reading the policy files a command is given: a file, a folder (every `.kuan` file in it, at any
 * depth, in name order), a quoted glob (`'policies/*.kuan'`; `*`, `?`, `[…]`, and `**` for any
 * depth: expanded here, because a quoted pattern reaches us as it is and Windows shells never
 * expand one) or `-` (standard input). What cannot be read is described in both languages, never
 * thrown at the user.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { decodeUtf8, NotUtf8Error, type CliIo } from "./io.js";
import type { Bilingual } from "./usage.js";

export interface PolicySource {
  /** As the user named it (`-` reads as `<stdin>`). */
  readonly name: string;
  readonly text: string;
}

export interface LoadedSources {
  readonly sources: readonly PolicySource[];
  /** One line per path that could not be read. */
  readonly problems: readonly Bilingual[];
}

export const STDIN_NAME = "<stdin>";

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

export function cannotRead(path: string, error: unknown): Bilingual {
  if (error instanceof NotUtf8Error) {
    return { zh: `${path} 不是 UTF-8 编码的文本（如为 GBK 编码，请另存为 UTF-8）`, en: `${path} is not UTF-8 text (if it is GBK, save it as UTF-8)` };
  }
  switch (errorCode(error)) {
    case "ENOENT":
      return { zh: `无法读取 ${path}：文件不存在`, en: `cannot read ${path}: no such file` };
    case "EACCES":
    case "EPERM":
      return { zh: `无法读取 ${path}：没有权限`, en: `cannot read ${path}: permission denied` };
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return { zh: `无法读取 ${path}：${reason}`, en: `cannot read ${path}: ${reason}` };
    }
  }
}

/** `.kuan` files under a folder, skipping hidden folders and node_modules. */
function policyFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && entry.name !== "node_modules") found.push(...policyFilesUnder(path));
    } else if (entry.name.endsWith(".kuan")) {
      found.push(path);
    }
  }
  return found;
}

const GLOB = /[*?[]/;

function segmentPattern(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] ?? "";
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 2);
      if (end < 0) source += "\\[";
      else {
        const body = segment.slice(i + 1, end);
        source += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  try {
    return new RegExp(`^${source}$`, "u");
  } catch {
    // A bracket expression that is no valid class: the segment stands for itself.
    return new RegExp(`^${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "u");
  }
}

/** The files a glob matches, in name order; hidden entries and node_modules only when named. */
function expandGlob(pattern: string): string[] {
  const absolute = pattern.startsWith("/");
  const segments = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  const found = new Set<string>();
  const visit = (base: string, rest: readonly string[]): void => {
    const [head, ...tail] = rest;
    if (head === undefined) {
      if (existsSync(base) && !statSync(base).isDirectory()) found.add(base);
      return;
    }
    if (!GLOB.test(head)) {
      visit(base === "" ? head : join(base, head), tail);
      return;
    }
    const dir = base === "" ? "." : base;
    let entries: { name: string; isDirectory(): boolean }[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (head === "**") {
      visit(base, tail);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") visit(base === "" ? e.name : join(base, e.name), rest);
      return;
    }
    const re = segmentPattern(head);
    for (const e of entries) {
      if (e.name.startsWith(".") && !head.startsWith(".")) continue;
      if (re.test(e.name)) visit(base === "" ? e.name : join(base, e.name), tail);
    }
  };
  visit(absolute ? "/" : "", absolute ? segments.slice(1) : segments);
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function loadSources(paths: readonly string[], io: CliIo): Promise<LoadedSources> {
  const sources: PolicySource[] = [];
  const problems: Bilingual[] = [];
  const seen = new Set<string>();
  const readOne = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    try {
      sources.push({ name: path, text: decodeUtf8(readFileSync(path)) });
    } catch (error) {
      problems.push(cannotRead(path, error));
    }
  };
  for (const path of paths) {
    if (path === "-") {
      if (seen.has(STDIN_NAME)) continue;
      seen.add(STDIN_NAME);
      try {
        sources.push({ name: STDIN_NAME, text: await io.readStdin() });
      } catch (error) {
        problems.push(cannotRead(STDIN_NAME, error));
      }
      continue;
    }
    if (GLOB.test(path) && !existsSync(path)) {
      const matches = expandGlob(path);
      if (matches.length === 0) problems.push({ zh: `没有文件与 ${path} 匹配`, en: `no files match ${path}` });
      for (const file of matches) readOne(file);
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      problems.push(cannotRead(path, error));
      continue;
    }
    if (!isDirectory) {
      readOne(path);
      continue;
    }
    try {
      const files = policyFilesUnder(path);
      if (files.length === 0) problems.push({ zh: `${path} 中没有 .kuan 文件`, en: `no .kuan files in ${path}` });
      for (const file of files) readOne(file);
    } catch (error) {
      problems.push(cannotRead(path, error));
    }
  }
  return { sources, problems };
}
