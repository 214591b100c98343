/**
 * Bad input (unreadable file, not a certificate, wrong passphrase, ...) is an IkecertError.
 * A failing *check* is never an error: checks return findings.
 * The message is one line, says what is wrong and, where possible, what to do.
 */
export type IkecertErrorCode =
  | "FILE_NOT_FOUND"
  | "FILE_UNREADABLE"
  | "IS_DIRECTORY"
  | "FILE_EMPTY"
  | "FILE_TOO_LARGE"
  | "TOO_MANY_PEM_BLOCKS"
  | "TOO_MANY_PRIVATE_KEYS"
  | "PEM_BAD_BASE64"
  | "PEM_UNKNOWN_LABEL"
  | "PEM_UNTERMINATED"
  | "ASN1_TRUNCATED"
  | "ASN1_MALFORMED"
  | "ASN1_TOO_DEEP"
  | "UNKNOWN_FORMAT"
  | "CERT_MALFORMED"
  | "CRL_MALFORMED"
  | "KEY_MALFORMED"
  | "KEY_UNSUPPORTED"
  | "PASSPHRASE_REQUIRED"
  | "PASSPHRASE_WRONG"
  | "PKCS12_MALFORMED"
  | "PKCS12_UNSUPPORTED"
  | "PKCS7_MALFORMED"
  | "WRONG_KIND"
  | "USAGE"
  | "IDENTITY_INVALID"
  | "CONFIG_INVALID"
  | "BATCH_LINE_INVALID"
  | "BATCH_LINE_TOO_LONG"
  | "NOT_REGULAR_FILE"
  | "TOO_MANY_FILES"
  | "LINE_TOO_LONG"
  | "VICI_UNAVAILABLE"
  | "VICI_PROTOCOL"
  | "VICI_REFUSED"
  | "VICI_UNKNOWN_COMMAND";

export class IkecertError extends Error {
  readonly code: IkecertErrorCode;
  /** the file the problem is in, if any */
  readonly file?: string;

  constructor(code: IkecertErrorCode, message: string, file?: string) {
    super(oneLine(message));
    this.name = "IkecertError";
    this.code = code;
    this.file = file;
  }

  /** The same error, now attributed to a file (message prefixed by its name). */
  inFile(file: string): IkecertError {
    if (this.file) return this;
    return new IkecertError(this.code, `${file}: ${this.message}`, file);
  }
}

/**
 * Messages quote user input (file names, config values, identities): newlines become spaces and other
 * control characters are shown escaped, so that a message is one line and cannot drive the terminal
 * (an ANSI escape in a hostile file name or certificate field is printed as `\x1b`).
 */
function oneLine(message: string): string {
  return message
    .replace(/\s*\n\s*/g, " ")
    .replace(/\r/g, "\\r")
    .replace(
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
    );
}

export function isIkecertError(e: unknown): e is IkecertError {
  return e instanceof IkecertError;
}

/** What a path turned out to be where a regular file was expected. */
export type SpecialFileKind = "FIFO" | "character device" | "block device" | "socket";

/** A FIFO, device or socket where a regular file was expected (ikecert reads regular files only). */
export class NotRegularFileError extends IkecertError {
  constructor(
    readonly kind: SpecialFileKind,
    message: string,
    file?: string,
  ) {
    super("NOT_REGULAR_FILE", message, file);
  }
}
