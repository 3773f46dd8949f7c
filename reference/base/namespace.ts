/**
 * The one namespace and the one permission check every named object uses:
 * FIFOs and Unix-path sockets (the file namespace), POSIX message queues,
 * shared memory, named semaphores and System V queues (by key). Each
 * mechanism keeps its objects in a {@link Namespace} and calls
 * {@link requireAccess} on every open.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { PERMISSION_BITS, checkAccess } from "../../spec/namespace.ts";
import type { Access, Ownership } from "../../spec/namespace.ts";
import type { Credentials } from "../../spec/system.ts";

/**
 * A map from names to objects, one per kind of name (file paths, message
 * queue names, System V keys). It only stores: creation rules, permission
 * checks and errors are the callers', so every mechanism states them in its
 * own terms.
 *
 * @typeParam K - the name's type (a string path or a numeric key)
 * @typeParam T - the objects it holds
 */
export class Namespace<K, T> {
  readonly #entries = new Map<K, T>();

  /**
   * The object bound to `name`.
   *
   * @param name - the name
   * @returns the object, or `undefined` when the name is free
   */
  lookup(name: K): T | undefined {
    return this.#entries.get(name);
  }

  /**
   * Binds a free name to an object.
   *
   * @param name - the name, which must be free
   * @param object - the object
   * @throws {IpcError} `EEXIST` when the name is taken
   */
  bind(name: K, object: T): void {
    if (this.#entries.has(name)) throw new IpcError("EEXIST", "bind", { path: String(name) });
    this.#entries.set(name, object);
  }

  /**
   * Frees a name. The object itself lives on for whoever still holds it.
   *
   * @param name - the name
   * @returns the object that was bound, or `undefined` when the name was free
   */
  remove(name: K): T | undefined {
    const object = this.#entries.get(name);
    this.#entries.delete(name);
    return object;
  }

  /**
   * Every object bound now, in binding order.
   *
   * @returns the objects
   */
  values(): T[] {
    return [...this.#entries.values()];
  }
}

/**
 * The permission check of every open: fails `EACCES` unless the caller's
 * credentials allow `access` to the object (the rule of `checkAccess` in
 * `ipckit/spec`: root, then owner, group or other bits).
 *
 * @param credentials - the calling process's credentials
 * @param object - the object's owner and mode
 * @param access - what the caller asks for
 * @param syscall - the operation, for the error
 * @param path - the object's name, for the error
 * @throws {IpcError} `EACCES` when denied
 */
export function requireAccess(credentials: Credentials, object: Ownership, access: Access, syscall: string, path?: string): void {
  if (!checkAccess(credentials, object, access)) {
    throw new IpcError("EACCES", syscall, {
      ...(path === undefined ? {} : { path }),
      detail: `uid ${credentials.uid} may not ${access === "readwrite" ? "read and write" : access} an object of uid ${object.uid}, gid ${object.gid}, mode ${object.mode.toString(8).padStart(3, "0")}`,
    });
  }
}

/**
 * The mode of a new object: the permission bits asked for, less the
 * creating process's umask (`mode & ~umask`).
 *
 * @param mode - the bits asked for
 * @param umask - the creating process's umask
 * @returns the bits the object gets
 */
export function creationMode(mode: number, umask: number): number {
  return mode & ~umask & PERMISSION_BITS;
}
