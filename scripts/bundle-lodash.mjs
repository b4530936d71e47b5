/**
 * The lodash-es functions chevrotain uses, written on the built-in array and object methods, for
 * the bundled CLI only (scripts/bundle-cli.mjs aliases lodash-es to this file). A `kuan check`
 * runs chevrotain's set-up once, in a cold process where every line runs in V8's interpreter:
 * lodash's general paths (a `has` that parses property paths, a `pickBy` that clones, a `uniq`
 * with a hash cache) cost more there than the work itself, and the built-ins run as compiled code
 * from the start. The semantics are lodash's for the arguments chevrotain passes: collections are
 * arrays (holes visited as undefined, as lodash does), array-likes or plain objects, iteratees are functions (a lodash shorthand such as a
 * property name is refused, so that a chevrotain upgrade using one fails loudly), and `forEach`
 * stops when its iteratee returns false. test/cli/bundle.test.ts checks the bundle against the
 * unbundled compiler on every test case.
 */

const hasOwn = Object.prototype.hasOwnProperty;

function isLength(value) {
  return typeof value === "number" && value > -1 && value % 1 === 0 && value <= Number.MAX_SAFE_INTEGER;
}

function isArrayLike(value) {
  return value != null && typeof value !== "function" && isLength(value.length);
}

function iteratee(fn, name) {
  if (typeof fn !== "function") throw new TypeError(`bundle-lodash: ${name} needs a function iteratee`);
  return fn;
}

/** Values and their keys (indices for array-likes, own enumerable keys for objects). */
function entriesOf(collection) {
  if (collection == null) return { keys: [], values: [] };
  if (isArrayLike(collection)) {
    const values = typeof collection === "string" ? collection.split("") : Array.from(collection);
    return { keys: values.map((_, i) => i), values };
  }
  const keys = Object.keys(collection);
  return { keys, values: keys.map((k) => collection[k]) };
}

/** SameValueZero, as lodash's includes, indexOf, uniq and difference compare. */
function sameValueZero(a, b) {
  return a === b || (a !== a && b !== b);
}

export function isArray(value) {
  return Array.isArray(value);
}
export function isString(value) {
  return typeof value === "string" || (typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object String]");
}
export function isFunction(value) {
  return typeof value === "function";
}
export function isUndefined(value) {
  return value === undefined;
}
export function isObject(value) {
  return value != null && (typeof value === "object" || typeof value === "function");
}
export function isRegExp(value) {
  return value instanceof RegExp || Object.prototype.toString.call(value) === "[object RegExp]";
}
export function noop() {}
export function identity(value) {
  return value;
}

export function isEmpty(value) {
  if (value == null) return true;
  if (isArrayLike(value)) return value.length === 0;
  if (value instanceof Map || value instanceof Set) return value.size === 0;
  for (const key in value) if (hasOwn.call(value, key)) return false;
  return true;
}

export function has(object, key) {
  if (typeof key !== "string" && typeof key !== "number" && typeof key !== "symbol") throw new TypeError("bundle-lodash: has needs a property name, not a path");
  if (typeof key === "string" && key.includes(".") && !(object != null && hasOwn.call(object, key))) throw new TypeError(`bundle-lodash: has needs a property name, not the path ${key}`);
  return object != null && hasOwn.call(object, key);
}

export function keys(object) {
  if (object == null) return [];
  if (isArrayLike(object)) return Array.from({ length: object.length }, (_, i) => String(i));
  return Object.keys(object);
}

export function values(object) {
  return entriesOf(object).values;
}

export function forEach(collection, fn) {
  iteratee(fn, "forEach");
  if (Array.isArray(collection)) {
    for (let i = 0; i < collection.length; i++) if (fn(collection[i], i, collection) === false) break;
    return collection;
  }
  const { keys: ks, values: vs } = entriesOf(collection);
  for (let i = 0; i < ks.length; i++) if (fn(vs[i], ks[i], collection) === false) break;
  return collection;
}

export function map(collection, fn) {
  iteratee(fn, "map");
  if (Array.isArray(collection)) {
    const result = new Array(collection.length);
    for (let i = 0; i < collection.length; i++) result[i] = fn(collection[i], i, collection);
    return result;
  }
  const { keys: ks, values: vs } = entriesOf(collection);
  return vs.map((v, i) => fn(v, ks[i], collection));
}

export function flatMap(collection, fn) {
  return flatten(map(collection, fn));
}

export function filter(collection, fn) {
  iteratee(fn, "filter");
  if (Array.isArray(collection)) {
    const result = [];
    for (let i = 0; i < collection.length; i++) if (fn(collection[i], i, collection)) result.push(collection[i]);
    return result;
  }
  const { keys: ks, values: vs } = entriesOf(collection);
  return vs.filter((v, i) => fn(v, ks[i], collection));
}

export function reject(collection, fn) {
  iteratee(fn, "reject");
  return filter(collection, (v, k, c) => !fn(v, k, c));
}

export function find(collection, fn) {
  iteratee(fn, "find");
  if (Array.isArray(collection)) {
    for (let i = 0; i < collection.length; i++) if (fn(collection[i], i, collection)) return collection[i];
    return undefined;
  }
  const { keys: ks, values: vs } = entriesOf(collection);
  return vs.find((v, i) => fn(v, ks[i], collection));
}

export function every(collection, fn) {
  iteratee(fn, "every");
  if (Array.isArray(collection)) {
    for (let i = 0; i < collection.length; i++) if (!fn(collection[i], i, collection)) return false;
    return true;
  }
  const { keys: ks, values: vs } = entriesOf(collection);
  return vs.every((v, i) => fn(v, ks[i], collection));
}

export function some(collection, fn) {
  iteratee(fn, "some");
  if (Array.isArray(collection)) {
    for (let i = 0; i < collection.length; i++) if (fn(collection[i], i, collection)) return true;
    return false;
  }
  const { keys: ks, values: vs } = entriesOf(collection);
  return vs.some((v, i) => fn(v, ks[i], collection));
}

export function reduce(collection, fn, accumulator) {
  iteratee(fn, "reduce");
  const { keys: ks, values: vs } = Array.isArray(collection) ? { keys: null, values: collection } : entriesOf(collection);
  const keyAt = (i) => (ks === null ? i : ks[i]);
  let start = 0;
  let acc = accumulator;
  if (arguments.length < 3) {
    if (vs.length === 0) return undefined;
    acc = vs[0];
    start = 1;
  }
  for (let i = start; i < vs.length; i++) acc = fn(acc, vs[i], keyAt(i), collection);
  return acc;
}

export function groupBy(collection, fn) {
  iteratee(fn, "groupBy");
  const result = {};
  for (const v of values(collection)) {
    const key = fn(v);
    if (hasOwn.call(result, key)) result[key].push(v);
    else result[key] = [v];
  }
  return result;
}

export function includes(collection, value, fromIndex = 0) {
  if (typeof collection === "string") return collection.includes(value, fromIndex);
  const vs = Array.isArray(collection) ? collection : values(collection);
  const from = fromIndex < 0 ? Math.max(vs.length + fromIndex, 0) : fromIndex;
  for (let i = from; i < vs.length; i++) if (sameValueZero(vs[i], value)) return true;
  return false;
}

export function indexOf(array, value, fromIndex = 0) {
  if (array == null) return -1;
  const from = fromIndex < 0 ? Math.max(array.length + fromIndex, 0) : fromIndex;
  for (let i = from; i < array.length; i++) if (sameValueZero(array[i], value)) return i;
  return -1;
}

export function uniq(array) {
  return array == null ? [] : [...new Set(array)];
}

export function difference(array, ...others) {
  if (!isArrayLike(array)) return [];
  const excluded = new Set(others.filter(isArrayLike).flatMap((o) => Array.from(o)));
  return Array.from(array).filter((v) => !excluded.has(v));
}

export function compact(array) {
  return array == null ? [] : Array.from(array).filter(Boolean);
}

export function flatten(array) {
  if (array == null) return [];
  const result = [];
  for (const v of Array.from(array)) {
    if (Array.isArray(v)) for (const w of v) result.push(w);
    else result.push(v);
  }
  return result;
}

export function first(array) {
  return array != null && array.length ? array[0] : undefined;
}
export function last(array) {
  return array != null && array.length ? array[array.length - 1] : undefined;
}

function count(n) {
  return n === undefined ? 1 : Math.max(Math.trunc(Number(n)) || 0, 0);
}
export function drop(array, n) {
  return array == null ? [] : Array.prototype.slice.call(array, count(n));
}
export function dropRight(array, n) {
  if (array == null) return [];
  const end = array.length - count(n);
  return Array.prototype.slice.call(array, 0, end < 0 ? 0 : end);
}

export function assign(object, ...sources) {
  for (const source of sources) if (source != null) for (const key of Object.keys(source)) object[key] = source[key];
  return object;
}

export function defaults(object, ...sources) {
  const target = Object(object);
  for (const source of sources) {
    if (source == null) continue;
    for (const key in source) {
      const value = target[key];
      if (value === undefined || (value === Object.prototype[key] && !hasOwn.call(target, key))) target[key] = source[key];
    }
  }
  return target;
}

/** The enumerable properties (own and inherited, as lodash's keysIn) whose value passes. */
export function pickBy(object, fn) {
  iteratee(fn, "pickBy");
  const result = {};
  if (object == null) return result;
  for (const key in object) {
    const value = object[key];
    if (fn(value, key)) result[key] = value;
  }
  return result;
}

/** A shallow copy: arrays and plain objects (with their prototype); regular expressions anew. */
export function clone(value) {
  if (value === null || typeof value !== "object") return typeof value === "function" ? {} : value;
  if (Array.isArray(value)) return value.slice();
  if (value instanceof RegExp) {
    const copy = new RegExp(value.source, value.flags);
    copy.lastIndex = value.lastIndex;
    return copy;
  }
  if (value instanceof Map) return new Map(value);
  if (value instanceof Set) return new Set(value);
  const copy = Object.create(Object.getPrototypeOf(value));
  for (const key of Object.keys(value)) copy[key] = value[key];
  for (const symbol of Object.getOwnPropertySymbols(value)) if (Object.prototype.propertyIsEnumerable.call(value, symbol)) copy[symbol] = value[symbol];
  return copy;
}

export function upperFirst(string) {
  const s = string == null ? "" : String(string);
  return s.charAt(0).toUpperCase() + s.slice(1);
}
