// The same emitted module as the service, bundled by Vite for the browser: nothing else needed.
import { evaluate, toJson } from "../src/generated/suzhou-ip-finance-2021.js";
import application from "../application.json";

const input = document.querySelector<HTMLTextAreaElement>("#application");
const out = document.querySelector<HTMLPreElement>("#out");
if (input) input.value = JSON.stringify(application, null, 2);
document.querySelector<HTMLFormElement>("#form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  let parsed: unknown;
  try {
    parsed = JSON.parse(input?.value ?? "");
  } catch {
    if (out) out.textContent = "not JSON";
    return;
  }
  const result = evaluate(parsed);
  if (out) out.textContent = JSON.stringify(result.ok ? toJson(result.decision) : result.errors, null, 2);
});
