import type { Readable } from 'node:stream';
import { HttpException, HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
// The multipart boundaries and the few fields beside the file.
const FORM_OVERHEAD_BYTES = 64 * 1024;

export type UploadProblem = 'not-multipart' | 'unreadable' | 'no-file' | 'too-large';

const REASONS: Record<UploadProblem, string> = {
  'not-multipart': 'the request is not valid multipart/form-data',
  unreadable: 'the multipart body could not be read',
  'no-file': 'attach the CSV file',
  'too-large': 'CSV file larger than 100 MB',
};

/**
 * A refused upload. The API answers it as it is (422, or 413 for a file too large, with the
 * reason in English under `fields.file`); the dashboard words it in Arabic by its `problem`.
 */
export class CsvUploadRefused extends HttpException {
  constructor(readonly problem: UploadProblem) {
    const status =
      problem === 'too-large' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.UNPROCESSABLE_ENTITY;
    super(
      {
        statusCode: status,
        error: problem === 'too-large' ? 'Payload Too Large' : 'Unprocessable Entity',
        message: `file: ${REASONS[problem]}`,
        fields: { file: REASONS[problem] },
      },
      status,
    );
  }
}

/**
 * Hands the first file of a multipart request to `consume` as a stream; no temporary file.
 * `fields` holds the text fields sent before the file (a browser sends a form's fields in the
 * order of the page, so a form puts its options above the file input); fields after it are
 * not waited for, since the rows are being imported by then.
 */
export function receiveCsvUpload(
  request: Request,
  consume: (file: Readable, fields: Record<string, string>) => Promise<void>,
  maxFileBytes = MAX_FILE_BYTES,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > maxFileBytes + FORM_OVERHEAD_BYTES) {
      reject(new CsvUploadRefused('too-large'));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fileSize: maxFileBytes, fields: 20, fieldSize: 1024 },
      });
    } catch {
      reject(new CsvUploadRefused('not-multipart'));
      return;
    }
    const fields: Record<string, string> = {};
    let work: Promise<void> | null = null;
    parser.on('field', (name, value) => {
      if (!work && !Object.hasOwn(fields, name)) fields[name] = value;
    });
    parser.on('file', (_field, file) => {
      if (work) {
        file.resume();
        return;
      }
      file.on('limit', () => file.destroy(new CsvUploadRefused('too-large')));
      // A body cut short fails the file stream too, maybe before `consume` listens to it (or after
      // it gave up on it): unheard, that 'error' would crash the process. The parser's own 'error'
      // below answers the request.
      file.on('error', () => undefined);
      work = consume(file, { ...fields });
      // A failed import answers at once: busboy never closes after its file stream is destroyed.
      // The rest of the body is drained unread, so the browser gets to read the answer.
      work.catch((error: unknown) => {
        request.unpipe(parser);
        request.resume();
        file.resume();
        reject(error);
      });
    });
    parser.on('error', () => reject(new CsvUploadRefused('unreadable')));
    parser.on('close', () => {
      if (!work) reject(new CsvUploadRefused('no-file'));
      else work.then(resolve, reject);
    });
    request.pipe(parser);
  });
}
