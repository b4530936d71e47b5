// CommonJS consumers: require() gets the runtime's CommonJS build (dist/cjs), public and internal.
const assert = require("node:assert/strict");
const runtime = require("@kuan/runtime");
const internal = require("@kuan/runtime/internal");

assert.equal(typeof runtime.RUNTIME_VERSION, "string");
assert.ok(runtime.EVALUATOR_FORMATS.includes(3));
assert.equal(runtime.formatYuan(123456), "1234.56");
const history = runtime.grantsFromJson([{ policy: "p", version: "2022", article: "第四条", rule: "r", firm: "f", date: "2022-03-01", amount: "500万元" }]);
assert.ok(history.ok);
assert.equal(history.grants[0].amount, "5000000.00");
const checked = internal.validateInput([{ name: "amount", spec: { type: "money" } }], { amount: "12.345" });
assert.equal(checked.ok, false);
assert.equal(checked.errors[0].code, "K5304");
process.stdout.write(`cjs ok: @kuan/runtime ${runtime.RUNTIME_VERSION}\n`);
