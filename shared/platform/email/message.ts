/** A file sent with an email, e.g. a calendar invitation. */
export interface EmailAttachment {
  readonly fileName: string;
  /** Full MIME type, parameters included, e.g. "text/calendar; method=REQUEST; charset=UTF-8". */
  readonly contentType: string;
  /** The file's text (sent UTF-8 encoded). */
  readonly content: string;
}

/** A rendered email: both parts always present; attachments optional. */
export interface EmailContent {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly EmailAttachment[];
}

export interface EmailRecipients {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
}
