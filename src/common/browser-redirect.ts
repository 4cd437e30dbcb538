import { HttpException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * An error a browser answers by going elsewhere (303), while a script gets the error itself as
 * JSON. The exception filter knows only this shape, so the floors above it (auth's "log in
 * first") bring their own destination.
 */
export abstract class BrowserRedirect extends HttpException {
  abstract locationFor(request: Request): string;
}
