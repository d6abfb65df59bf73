/** Where a request comes from and where messages go. */
export const PLATFORMS = ['console', 'cli', 'slack', 'discord', 'api'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Where a message was posted (a live card's copy, a scheduled report), so it can be updated in place. */
export interface MessageRef {
  readonly platform: Platform;
  readonly channelId: string;
  readonly messageId: string;
  readonly threadId?: string;
}
