// Errors that end an upload; the HTTP route maps `code` to its response.

export class PayloadTooLargeError extends Error {
  readonly code = 'payload_too_large';
  constructor(readonly limitBytes: number) {
    super(`The upload is larger than ${limitBytes} bytes.`);
    this.name = 'PayloadTooLargeError';
  }
}

export class BinaryFileError extends Error {
  readonly code = 'binary_file';
  constructor() {
    super('The file is not text: upload a .txt file with one number per line or a .csv file with numbers in the first column (UTF-8).');
    this.name = 'BinaryFileError';
  }
}
