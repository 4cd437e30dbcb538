import { Global, Module } from '@nestjs/common';
import { Links } from './links.js';
import { MessageRefs } from './message-refs.js';
import { TokenService } from './token.service.js';

/**
 * Signed tokens, the links that carry them (confirm, unsubscribe, preferences) and the signed
 * references a bounce brings back (VERP, X-Nashra-Ref). Global and on
 * a low floor: the link pages verify what the emails sign, and neither may import the other.
 */
@Global()
@Module({
  providers: [TokenService, Links, MessageRefs],
  exports: [TokenService, Links, MessageRefs],
})
export class TokensModule {}
