import { HttpException, HttpStatus } from '@nestjs/common';

/** Over a rate limit: a 429 whose Retry-After the exception filter sets. */
export class TooManyRequests extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: `Too many requests; try again in ${retryAfterSeconds} seconds.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
