import { createHash } from 'node:crypto';

/**
 * The one stylesheet of every page, served by the pages' function as a static asset (no inline
 * style, so the Content-Security-Policy allows styles from 'self' only). Mobile first: one
 * column that reads at 375 px; wider screens only get a wider measure.
 */
export const SITE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#1f2933;background:#fff}
body{margin:0}
.container{max-width:48rem;margin:0 auto;padding:0 1rem}
a{color:#1d4ed8}
a:visited{color:#5b21b6}
a:hover{color:#1e3a8a}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip-link{position:absolute;left:-9999px;top:0;padding:.5rem 1rem;background:#fde68a;color:#1f2933}
.skip-link:focus{left:1rem;z-index:1}
.site-header{background:#1e3a5f;color:#fff;padding:.75rem 0}
.site-name{margin:0;font-weight:700}
main{display:block;padding:1.5rem 1rem 3rem}
main:focus{outline:none}
.site-footer{border-top:1px solid #d9e2ec;padding:1rem 0;font-size:.875rem;color:#52606d}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.375rem;margin:2rem 0 .75rem}
h3{font-size:1.125rem;margin:1.5rem 0 .5rem}
p,ul,dl{margin:0 0 1rem}
dt{font-weight:700}
dd{margin:0 0 .5rem}
.zone{border-top:4px solid #1e3a5f;padding-top:.5rem;margin-top:2rem}
.status{font-weight:700}
.status-open{color:#166534}
.status-closed{color:#9a3412}
.notice{border-left:6px solid #1e3a5f;background:#f0f4f8;padding:1rem;margin:0 0 1.5rem}
.field{margin:0 0 1.5rem}
.field-error{border-left:5px solid #b91c1c;padding-left:.75rem}
label,legend{display:block;font-weight:700;margin-bottom:.25rem}
legend{padding:0}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
.hint{display:block;color:#52606d;margin:0 0 .25rem}
.error-message{display:block;color:#b91c1c;font-weight:700;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=tel],input[type=file],textarea,select{display:block;width:100%;max-width:32rem;font:inherit;padding:.4rem;border:2px solid #1f2933;border-radius:0}
textarea{max-width:100%}
input[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b91c1c}
.choice{display:flex;align-items:flex-start;gap:.5rem;margin:0 0 .5rem}
.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}
.choice label{font-weight:400;margin:0}
.section{margin-top:2.5rem}
.element-text{border-left:4px solid #d9e2ec;padding-left:.75rem}
.error-summary{border:4px solid #b91c1c;padding:1rem;margin:0 0 2rem}
.error-summary h2{margin-top:0}
.button{display:inline-block;font:inherit;font-weight:700;color:#fff;background:#166534;border:0;padding:.6rem 1.2rem;text-decoration:none;cursor:pointer}
a.button:visited,a.button:hover{color:#fff}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (min-width:40rem){h1{font-size:2.25rem}main{padding-top:2rem}}
`;

/** The stylesheet's address: its content hash in the name, so a changed stylesheet is a new address and caches may keep one forever. */
export const STYLESHEET_FILE = `site-${createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12)}.css`;
export const ASSETS_PATH = '/assets';
export const STYLESHEET_PATH = `${ASSETS_PATH}/${STYLESHEET_FILE}`;
