/**
 * Typed per-mechanism state: each mechanism keeps its system-wide state (its
 * namespace, its table) under a {@link StateKey} of its own, so a system
 * holds no list of mechanisms and no state is read back through a cast.
 *
 * @module
 */

/**
 * The key of one kind of state kept per owner (a system): the state is made on
 * first use and lives as long as its owner, in the key itself, so owners share
 * nothing and need no field per mechanism.
 *
 * @typeParam T - the state; never `undefined`
 */
export class StateKey<T> {
  /** What the state is, for reading the code and debugging. */
  readonly name: string;
  readonly #create: () => T;
  readonly #values = new WeakMap<object, T>();

  /**
   * Makes a key.
   *
   * @param name - what the state is, such as `"mqueue"`
   * @param create - makes an owner's state on first use
   */
  constructor(name: string, create: () => T) {
    this.name = name;
    this.#create = create;
  }

  /**
   * The state `owner` keeps under this key, made on first use.
   *
   * @param owner - the system (or any object) the state belongs to
   * @param create - makes the state when `owner` has none yet; default the
   *   key's own maker. Tests use it to give a system deliberately broken state
   *   before anything else makes it.
   * @returns the state
   */
  of(owner: object, create: () => T = this.#create): T {
    let value = this.#values.get(owner);
    if (value === undefined) {
      value = create();
      this.#values.set(owner, value);
    }
    return value;
  }
}
