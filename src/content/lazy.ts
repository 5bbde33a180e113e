/**
 * Properties computed on first read (an article's summary, a cached article's body).
 *
 * Every lazy property of a given name shares one getter/setter pair, and the per-object
 * state sits in one non-enumerable symbol slot. That keeps V8's fast, shared hidden
 * classes: a per-object closure as getter, or turning an existing data property into
 * an accessor, drops each object into slow dictionary mode, which made sorting and
 * grouping 40,000 articles several times slower. Hence the rule: add lazy
 * properties to an object that does not have them yet.
 */

const STATE = Symbol('broadsheet.lazy');

interface Slot {
  compute: (() => unknown) | undefined;
  value: unknown;
  done: boolean;
}

type Holder = { [STATE]?: Record<string, Slot> };

const accessors = new Map<string, PropertyDescriptor>();

function accessorFor(key: string): PropertyDescriptor {
  let descriptor = accessors.get(key);
  if (!descriptor) {
    descriptor = {
      get(this: Holder): unknown {
        const slot = this[STATE]?.[key];
        if (!slot) return undefined;
        if (!slot.done) {
          const compute = slot.compute;
          slot.compute = undefined;
          slot.value = compute?.();
          slot.done = true;
        }
        return slot.value;
      },
      set(this: Holder, value: unknown): void {
        const slot = this[STATE]?.[key];
        if (slot) {
          slot.compute = undefined;
          slot.value = value;
          slot.done = true;
        }
      },
      enumerable: true,
      configurable: true,
    };
    accessors.set(key, descriptor);
  }
  return descriptor;
}

/**
 * Adds `key` to `obj` as an enumerable property whose value `compute` gives on first
 * read (then remembered; assignment replaces it). `obj` must not have `key` yet.
 */
export function defineLazy<T extends object, K extends keyof T & string>(obj: T, key: K, compute: () => T[K]): void {
  const holder = obj as Holder;
  let state = holder[STATE];
  if (!state) {
    state = {};
    Object.defineProperty(obj, STATE, { value: state, enumerable: false, writable: false, configurable: false });
  }
  state[key] = { compute, value: undefined, done: false };
  Object.defineProperty(obj, key, accessorFor(key));
}

/** Whether a lazy property was read (or set) already, and its value; plain properties count as read. */
export function lazyValue<T extends object, K extends keyof T & string>(obj: T, key: K): { done: true; value: T[K] } | { done: false } {
  const slot = (obj as Holder)[STATE]?.[key];
  if (slot && !slot.done) return { done: false };
  return { done: true, value: obj[key] };
}
