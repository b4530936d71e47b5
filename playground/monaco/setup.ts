/**
 * Monaco, as the playground uses it: the editor API, the editor features (hover, suggest,
 * bracket matching, comment toggling, go to definition, diff editor…) and TypeScript colouring
 * for the emitted-code tab — but none of Monaco's own language services or workers beyond the
 * editor worker (diffs, word ranges). Monaco 0.57 maps its subpaths through `exports`.
 */
import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/register.all";
// Not among register.all's features: colours from a whole-document semantic tokens provider (language/names.ts).
import "monaco-editor/editor/contrib/semanticTokens/browser/documentSemanticTokens";
import "monaco-editor/languages/definitions/typescript/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
