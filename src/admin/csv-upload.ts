import { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { invalidFields } from '../common/zod-body.js';

const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** Hands the first file of a multipart request to `consume` as a stream; no temporary file. */
export function receiveCsvUpload(
  request: Request,
  consume: (file: Readable) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: MAX_FILE_BYTES } });
    } catch {
      reject(invalidFields({ file: 'the request is not valid multipart/form-data' }));
      return;
    }
    let work: Promise<void> | null = null;
    parser.on('file', (_field, file) => {
      if (work) {
        file.resume();
        return;
      }
      file.on('limit', () => file.destroy(new Error('CSV file larger than 100 MB')));
      work = consume(file);
      work.catch(() => file.resume());
    });
    parser.on('error', () =>
      reject(invalidFields({ file: 'the multipart body could not be read' })),
    );
    parser.on('close', () => {
      if (!work) reject(invalidFields({ file: 'attach the CSV file' }));
      else work.then(resolve, reject);
    });
    request.pipe(parser);
  });
}
