/**
 * Chevrotain's set-up, done once at build time for the bundled CLI (an esbuild plugin for
 * scripts/bundle-cli.mjs). Every `kuan check` builds the lexer and the parser before reading a
 * line, in a cold process: the parser's self-analysis records the grammar (GAST), computes the
 * follow sets error recovery resynchronises on and every lookahead path, and the lexer fills a
 * 65,536-entry table. Those are pure functions of the grammar, so:
 *
 * - the grammar's analysis is taken from the parser built from the same source (grammar/parser.ts
 *   bundled on its own, with chevrotain unpatched), written into the bundle as JSON, restored by a patched
 *   `performSelfAnalysis` when the parser is the one it was taken from (same rules, same tokens,
 *   validations off); any other parser, or one built with validations, is analysed as usual;
 * - the lookahead paths are a cache in front of chevrotain's own path functions (also used when it
 *   words an error), consulted only for the restored rules;
 * - the lexer's code-unit → bucket table is replaced by the arithmetic it tabulates.
 *
 * Each patch names the text it replaces and the build fails if chevrotain's source has changed
 * (package-lock pins it). test/cli/bundle.test.ts checks the bundle against the unbundled compiler.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const chevrotainSrc = `${root}node_modules/chevrotain/lib/src/`;

/** Replaces `from` (which must occur exactly once) in a chevrotain file's text. */
function replaceOnce(text, from, to, file) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`bundle-chevrotain: chevrotain's ${file} has changed; cannot patch ${JSON.stringify(from.slice(0, 60))}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const PATCHES = {
  "scan/lexer.js": [
    // charCodeToOptimizedIdxMap[c] is 255 + ~~(c / 255) for every c ≥ 256 (see initCharCodeToOptimizedIndexMap).
    [": charCodeToOptimizedIdxMap[charCode];", ": 255 + ~~(charCode / 255);"],
    ["if (isEmpty(charCodeToOptimizedIdxMap)) {", "if (false) {"],
  ],
  "parse/grammar/lookahead.js": [
    [
      "export function getLookaheadPathsForOr(occurrence, ruleGrammar, k, orProd) {",
      `export const kuanPrecomputedPaths = new WeakMap();
export function getLookaheadPathsForOr(occurrence, ruleGrammar, k, orProd) {
    const kuanHit = orProd === undefined ? kuanPrecomputedPaths.get(ruleGrammar)?.get(\`ALTERNATION|\${occurrence}|\${k}\`) : undefined;
    if (kuanHit !== undefined) return kuanHit;`,
    ],
    [
      "export function getLookaheadPathsForOptionalProd(occurrence, ruleGrammar, prodType, k) {",
      `export function getLookaheadPathsForOptionalProd(occurrence, ruleGrammar, prodType, k) {
    const kuanHit = kuanPrecomputedPaths.get(ruleGrammar)?.get(\`\${PROD_TYPE[prodType]}|\${occurrence}|\${k}\`);
    if (kuanHit !== undefined) return kuanHit;`,
    ],
  ],
  "parse/parser/parser.js": [
    ['import { computeAllProdsFollows } from "../grammar/follow.js";', 'import { computeAllProdsFollows } from "../grammar/follow.js";\nimport { restoreSelfAnalysis } from "kuan:parser-analysis";'],
    ["    performSelfAnalysis() {\n", "    performSelfAnalysis() {\n        if (restoreSelfAnalysis(this)) return;\n"],
  ],
};

// ---------------------------------------------------------------- taking the analysis (build time)

const PROD_TYPE_OF = {
  Alternation: "ALTERNATION",
  Option: "OPTION",
  Repetition: "REPETITION",
  RepetitionMandatory: "REPETITION_MANDATORY",
  RepetitionMandatoryWithSeparator: "REPETITION_MANDATORY_WITH_SEPARATOR",
  RepetitionWithSeparator: "REPETITION_WITH_SEPARATOR",
};
const GAST_CLASSES = new Set(["Rule", "NonTerminal", "Alternative", "Terminal", ...Object.keys(PROD_TYPE_OF)]);

/** A GAST node as JSON: its class and own properties in order; tokens and rules by name. */
function encodeNode(node, tokenNames) {
  const className = node.constructor.name;
  if (!GAST_CLASSES.has(className)) throw new Error(`bundle-chevrotain: unexpected grammar node ${className}`);
  const props = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "referencedRule") props[key] = { rule: value.name };
    else props[key] = encodeValue(value, tokenNames, `${className}.${key}`);
  }
  return { node: className, props };
}

function encodeValue(value, tokenNames, where) {
  if (value === undefined) return { undefined: true };
  if (value === null || typeof value !== "object") {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") throw new Error(`bundle-chevrotain: cannot keep ${where} (${typeof value})`);
    return value;
  }
  if (Array.isArray(value)) return { array: value.map((v) => encodeValue(v, tokenNames, where)) };
  if (tokenNames.has(value)) return { token: tokenNames.get(value) };
  if (GAST_CLASSES.has(value.constructor.name)) return encodeNode(value, tokenNames);
  throw new Error(`bundle-chevrotain: cannot keep ${where} (an object that is neither a token nor a grammar node)`);
}

const tokenPaths = (paths, tokenNames) => paths.map((alt) => alt.map((path) => path.map((t) => tokenNames.get(t))));

/**
 * What `performSelfAnalysis` computes for the one KuanParser: grammar/parser.ts, bundled on its own
 * from the same source as the CLI (never an older build of it) with chevrotain as it is, and run.
 */
async function takeAnalysis() {
  const scratch = await mkdtemp(join(tmpdir(), "kuan-grammar-"));
  const file = join(scratch, "parser.mjs");
  try {
    // One chevrotain for the parser and getLookaheadPaths (its grammar classes are told apart with
    // instanceof); keepNames, because the analysis names each grammar node by its class.
    await build({
      stdin: { contents: 'export { parser } from "./grammar/parser.ts";\nexport { getLookaheadPaths } from "chevrotain";\n', resolveDir: root, loader: "ts" },
      outfile: file,
      bundle: true,
      platform: "node",
      format: "esm",
      keepNames: true,
      logLevel: "warning",
    });
    return analysisOf(await import(pathToFileURL(file).href));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function analysisOf({ parser, getLookaheadPaths }) {
  const tokenNames = new Map(Object.entries(parser.tokensMap).map(([name, type]) => [type, name]));
  const productions = parser.getGAstProductions();
  const rules = [...parser.definedRulesNames];
  const lookahead = {};
  for (const name of rules) {
    const rule = productions[name];
    const paths = {};
    const visit = (node) => {
      const prodType = PROD_TYPE_OF[node.constructor.name];
      if (prodType !== undefined) {
        const k = node.maxLookahead || parser.maxLookahead;
        paths[`${prodType}|${node.idx}|${k}`] = tokenPaths(getLookaheadPaths({ occurrence: node.idx, rule, prodType: node.constructor.name, maxLookahead: k }), tokenNames);
      }
      if (node.constructor.name !== "NonTerminal") for (const child of node.definition ?? []) visit(child);
    };
    visit(rule);
    lookahead[name] = paths;
  }
  return {
    rules,
    tokens: Object.keys(parser.tokensMap),
    gast: rules.map((name) => encodeNode(productions[name], tokenNames)),
    follows: Object.fromEntries(Object.entries(parser.resyncFollows).map(([key, types]) => [key, types.map((t) => tokenNames.get(t))])),
    lookahead,
  };
}

// ---------------------------------------------------------------- restoring it (in the bundle)

const RESTORE = `
import * as gast from "@chevrotain/gast";
import { toFastProperties } from "@chevrotain/utils";
import { kuanPrecomputedPaths } from "../grammar/lookahead.js";

const DATA = JSON.parse(__DATA__);

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Does the parser's work of performSelfAnalysis from DATA when DATA is this parser's; false otherwise. */
export function restoreSelfAnalysis(parser) {
  if (parser.skipValidations !== true || !sameList(parser.definedRulesNames, DATA.rules) || !sameList(Object.keys(parser.tokensMap), DATA.tokens)) return false;
  parser.selfAnalysisDone = true;
  toFastProperties(parser);
  const tokens = parser.tokensMap;
  const rules = {};
  for (const name of DATA.rules) rules[name] = Object.create(gast.Rule.prototype);
  const value = (v) => {
    if (v === null || typeof v !== "object") return v;
    if (v.undefined) return undefined;
    if ("array" in v) return v.array.map(value);
    if ("token" in v) return tokens[v.token];
    return node(v);
  };
  const node = (encoded, into) => {
    const made = into ?? Object.create(gast[encoded.node].prototype);
    for (const [key, v] of Object.entries(encoded.props)) made[key] = key === "referencedRule" ? rules[v.rule] : value(v);
    return made;
  };
  for (const encoded of DATA.gast) node(encoded, rules[encoded.props.name]);
  for (const name of DATA.rules) parser.gastProductionsCache[name] = rules[name];
  if (parser.recoveryEnabled) {
    const follows = {};
    for (const [key, names] of Object.entries(DATA.follows)) follows[key] = names.map((n) => tokens[n]);
    parser.resyncFollows = follows;
  }
  for (const name of DATA.rules) {
    const paths = new Map();
    for (const [key, alts] of Object.entries(DATA.lookahead[name])) paths.set(key, alts.map((alt) => alt.map((path) => path.map((n) => tokens[n]))));
    kuanPrecomputedPaths.set(rules[name], paths);
  }
  const all = DATA.rules.map((name) => rules[name]);
  parser.lookaheadStrategy.initialize?.({ rules: all });
  parser.preComputeLookaheadFunctions(all);
  return true;
}
`;

/** The esbuild plugin: chevrotain's files patched, and the grammar's analysis as a module. */
export async function chevrotainPlugin() {
  const analysis = await takeAnalysis();
  const patched = new Set();
  return {
    name: "kuan-chevrotain",
    setup(build) {
      build.onEnd(() => {
        const missed = Object.keys(PATCHES).filter((file) => !patched.has(file));
        if (missed.length > 0) throw new Error(`bundle-chevrotain: chevrotain's ${missed.join(", ")} not found in the bundle; the patches need updating`);
      });
      build.onResolve({ filter: /^kuan:parser-analysis$/ }, () => ({ path: "parser-analysis", namespace: "kuan" }));
      build.onLoad({ filter: /.*/, namespace: "kuan" }, () => ({
        contents: RESTORE.replace("__DATA__", () => JSON.stringify(JSON.stringify(analysis))),
        resolveDir: `${chevrotainSrc}parse/parser`,
        loader: "js",
      }));
      build.onLoad({ filter: /node_modules[\\/]chevrotain[\\/]lib[\\/]src[\\/].*\.js$/ }, async (args) => {
        const file = args.path.slice(args.path.replace(/\\/g, "/").indexOf("/lib/src/") + "/lib/src/".length).replace(/\\/g, "/");
        const patches = PATCHES[file];
        if (patches === undefined) return undefined;
        let text = await readFile(args.path, "utf8");
        for (const [from, to] of patches) text = replaceOnce(text, from, to, file);
        patched.add(file);
        return { contents: text, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}
