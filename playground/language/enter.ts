/**
 * Enter after a header (第四条 质押融资奖励：, 例 "…"：, 申报 企业：) indents the next line, always.
 * Monaco applies the language's onEnterRules only to a line it can tokenize cheaply: right after
 * a sample is opened, or an edit far above, its background tokenizer may not have reached the
 * cursor yet, and Enter would only copy the header's indentation. Every other Enter goes to
 * Monaco's own handling, unchanged.
 */
import { monaco } from "../monaco/setup.js";
import { HEADER_LINE } from "./header-line.js";

/** Where Enter is the editor's (not the suggestion list's, a snippet's or a read-only editor's). */
const WHEN = "editorTextFocus && !editorReadonly && !suggestWidgetVisible && !inSnippetMode && !inlineSuggestionVisible";

export function indentAfterHeaders(editor: monaco.editor.IStandaloneCodeEditor): void {
  editor.addCommand(
    monaco.KeyCode.Enter,
    () => {
      const model = editor.getModel();
      const selections = editor.getSelections();
      const at = selections?.length === 1 ? selections[0] : undefined;
      if (!model || !at || !at.isEmpty()) {
        editor.trigger("keyboard", "type", { text: "\n" });
        return;
      }
      const line = model.getLineContent(at.startLineNumber);
      const before = line.slice(0, at.startColumn - 1);
      const after = line.slice(at.startColumn - 1);
      if (!HEADER_LINE.test(before) || after.trim() !== "") {
        editor.trigger("keyboard", "type", { text: "\n" });
        return;
      }
      const { insertSpaces, indentSize } = model.getOptions();
      const indentation = (/^[ \t\u3000]*/.exec(line)?.[0] ?? "") + (insertSpaces ? " ".repeat(indentSize) : "\t");
      const range = new monaco.Range(at.startLineNumber, at.startColumn, at.startLineNumber, line.length + 1);
      editor.pushUndoStop();
      editor.executeEdits("keyboard", [{ range, text: `${model.getEOL()}${indentation}` }], [
        new monaco.Selection(at.startLineNumber + 1, indentation.length + 1, at.startLineNumber + 1, indentation.length + 1),
      ]);
      editor.pushUndoStop();
      editor.revealPosition({ lineNumber: at.startLineNumber + 1, column: indentation.length + 1 });
    },
    WHEN,
  );
}
