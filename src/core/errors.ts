/**
 * An error raised by libtorch or by the native bridge. `message` is the first
 * line of libtorch's text; `detail` keeps the whole text (with the C++
 * backtrace) for debugging.
 */
export class TorchError extends Error {
  /** The full native error text, including libtorch's backtrace when it has one. */
  declare detail: string;

  constructor(message: string) {
    super(message);
    this.name = 'TorchError';
    Object.defineProperty(this, 'detail', { value: message, writable: true, enumerable: false });
  }
}
