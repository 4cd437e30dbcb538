import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

/** The public forms take a form post or JSON; anything else is a 415 before it is read. */
export function refuseUnlessFormOrJson(request: Request): void {
  if (!request.is(['application/json', 'application/x-www-form-urlencoded'])) {
    throw new UnsupportedMediaTypeException(
      'Send application/json or application/x-www-form-urlencoded.',
    );
  }
}
