/**
 * Discord message limits Steward's renderer stays inside
 * (https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
 * https://discord.com/developers/docs/interactions/message-components). Exceeding any of them makes
 * Discord refuse the whole message (50035 Invalid Form Body), so the renderer splits or truncates
 * with a "… N more" note instead. Lengths are counted in UTF-16 code units, which is never less than
 * Discord's count of characters.
 */
export const DISCORD_LIMITS = {
  /** embed title */
  embedTitle: 256,
  /** embed description */
  embedDescription: 4096,
  /** fields per embed */
  embedFields: 25,
  /** field name */
  fieldName: 256,
  /** field value */
  fieldValue: 1024,
  /** footer text */
  footerText: 2048,
  /** title + description + field names and values + footer + author of ALL embeds of one message */
  embedTotal: 6000,
  /** embeds per message */
  embedsPerMessage: 10,
  /** message content */
  content: 2000,
  /** action rows per message */
  actionRows: 5,
  /** buttons per action row */
  buttonsPerRow: 5,
  /** button label */
  buttonLabel: 80,
  /** url of a link button */
  buttonUrl: 512,
  /** custom_id of a button, a modal or a text input */
  customId: 100,
  /** files per message */
  attachments: 10,
  /** attachment description (alt text) */
  attachmentDescription: 1024,
  /** modal title */
  modalTitle: 45,
  /** text input label */
  textInputLabel: 45,
  /** text input placeholder */
  textInputPlaceholder: 100,
} as const;

/** Message flag: only the user who interacted sees it. */
export const EPHEMERAL_FLAG = 64;
