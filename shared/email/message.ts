/** A rendered email: both parts always present. */
export interface EmailContent {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface EmailRecipients {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
}
