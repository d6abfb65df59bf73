/**
 * Block Kit limits Steward's renderer stays inside (https://docs.slack.dev/reference/block-kit/blocks).
 * Exceeding any of them makes Slack refuse the whole message (invalid_blocks), so the renderer splits
 * or truncates with a "… N more" line instead.
 */
export const SLACK_LIMITS = {
  /** blocks in one message */
  blocksPerMessage: 50,
  /** header block: plain_text */
  headerText: 150,
  /** section block: text */
  sectionText: 3000,
  /** section block: fields per section */
  fieldsPerSection: 10,
  /** section block: each field's text */
  fieldText: 2000,
  /** context block: elements */
  contextElements: 10,
  /** context block: each text element */
  contextText: 3000,
  /** actions block: elements */
  actionsElements: 25,
  /** button: text (plain_text) */
  buttonText: 75,
  /** button: value */
  buttonValue: 2000,
  /** button: url */
  buttonUrl: 3000,
  /** button / any element: action_id */
  actionId: 255,
  /** image block: alt_text and title */
  imageAltText: 2000,
  /** top-level `text` of chat.postMessage is truncated by Slack at 40,000; we keep notifications short */
  fallbackText: 3000,
  /** modal: plain_text_input max_length we ask for */
  modalInput: 3000,
  /** modal: private_metadata */
  privateMetadata: 3000,
} as const;
