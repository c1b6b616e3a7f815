import { html, type SafeHtml } from '../../platform/html/html.ts';

/** The common frame of every HTML email. */
export function emailLayout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5; max-width: 640px; margin: 0 \
auto; padding: 16px;">
<p style="font-size: 13px; color: #52606d; margin: 0 0 16px;">Success-Ready Students Network &middot; Innovation \
Zones</p>
${body}
<hr style="border: none; border-top: 1px solid #d9e2ec; margin: 24px 0;">
<p style="font-size: 12px; color: #7b8794;">This is an automated message from the SRSN Innovation Zones facilitation \
team.</p>
</body>
</html>`.value;
}

export const TEXT_FOOTER = '\n--\nThis is an automated message from the SRSN Innovation Zones facilitation team.\n';
