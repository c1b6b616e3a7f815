import type { FieldError } from '../schemas/validation-errors.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * Form pieces in the pattern of the GOV.UK design system: a label, an optional hint and error
 * message, each tied to its control by aria-describedby; an error summary at the top that
 * links to each field. A field's `name` is the dotted path of the API's JSON field
 * ("contact.email", "selfAssessment.3.rating"), so a form post maps to the API's body, and the
 * API's field errors map back to the controls (fieldId).
 */

/** The id of a field's control from its dotted name: "selfAssessment.3.rating" -> "selfAssessment-3-rating". */
export function fieldId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-');
}

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  /** The message shown beside the field ("must not be empty"). */
  readonly error?: string;
}

/** The hint and error lines of a field, and the ids its control names in aria-describedby. */
function described(id: string, field: Pick<FieldBase, 'hint' | 'error'>): { lines: SafeHtml; describedBy: string } {
  const ids = [field.hint ? `${id}-hint` : '', field.error ? `${id}-error` : ''].filter(Boolean);
  return {
    lines: html`${field.hint ? html`<span class="hint" id="${id}-hint">${field.hint}</span>` : ''}${
      field.error
        ? html`<span class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${field.error}</span>`
        : ''
    }`,
    describedBy: ids.join(' '),
  };
}

function describedByAttribute(describedBy: string): SafeHtml {
  return describedBy ? html` aria-describedby="${describedBy}"` : html``;
}

function invalidAttribute(error: string | undefined): SafeHtml {
  return error ? html` aria-invalid="true"` : html``;
}

function fieldClass(error: string | undefined): string {
  return error ? 'field field-error' : 'field';
}

export interface TextInputOptions extends FieldBase {
  readonly value?: string;
  readonly type?: 'text' | 'email' | 'tel';
  /** The autocomplete token ("name", "email", "organization-title", "tel"), or "off". */
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly maxLength?: number;
  readonly inputMode?: 'numeric' | 'email' | 'tel' | 'text';
}

export function textInput(options: TextInputOptions): SafeHtml {
  const id = fieldId(options.name);
  const { lines, describedBy } = described(id, options);
  return html`<div class="${fieldClass(options.error)}">
<label for="${id}">${options.label}</label>${lines}
<input type="${options.type ?? 'text'}" id="${id}" name="${options.name}" value="${options.value ?? ''}"${
    options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''
  }${options.maxLength ? html` maxlength="${options.maxLength}"` : ''}${
    options.inputMode ? html` inputmode="${options.inputMode}"` : ''
  }${options.required ? html` required` : ''}${describedByAttribute(describedBy)}${invalidAttribute(options.error)}>
</div>
`;
}

export interface TextAreaOptions extends FieldBase {
  readonly value?: string;
  readonly rows?: number;
  readonly maxLength?: number;
  readonly required?: boolean;
}

export function textArea(options: TextAreaOptions): SafeHtml {
  const id = fieldId(options.name);
  const { lines, describedBy } = described(id, options);
  return html`<div class="${fieldClass(options.error)}">
<label for="${id}">${options.label}</label>${lines}
<textarea id="${id}" name="${options.name}" rows="${options.rows ?? 5}"${
    options.maxLength ? html` maxlength="${options.maxLength}"` : ''
  }${options.required ? html` required` : ''}${describedByAttribute(describedBy)}${invalidAttribute(options.error)}>${
    options.value ?? ''
  }</textarea>
</div>
`;
}

export interface CheckboxOptions extends FieldBase {
  readonly checked?: boolean;
  /** What the form posts when checked; "true" by default. */
  readonly value?: string;
  readonly required?: boolean;
}

/** One checkbox, for a yes that must be given ("I acknowledge ..."). */
export function checkbox(options: CheckboxOptions): SafeHtml {
  const id = fieldId(options.name);
  const { lines, describedBy } = described(id, options);
  return html`<div class="${fieldClass(options.error)}">${lines}
<div class="choice"><input type="checkbox" id="${id}" name="${options.name}" value="${options.value ?? 'true'}"${
    options.checked ? html` checked` : ''
  }${options.required ? html` required` : ''}${describedByAttribute(describedBy)}${invalidAttribute(
    options.error,
  )}><label for="${id}">${options.label}</label></div>
</div>
`;
}

export interface RadioOption {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

export interface RadiosOptions {
  readonly name: string;
  /** The question the choice answers: the fieldset's legend. */
  readonly legend: string;
  readonly hint?: string;
  readonly error?: string;
  readonly options: readonly RadioOption[];
  readonly value?: string;
  readonly required?: boolean;
}

/**
 * A choice of one (a rating scale, a kind): a fieldset whose legend asks the question. The
 * first radio's id is the field's id, so the error summary's link lands on the group.
 */
export function radios(options: RadiosOptions): SafeHtml {
  const id = fieldId(options.name);
  const { lines, describedBy } = described(id, options);
  const choices = options.options.map((option, index) => {
    const optionId = index === 0 ? id : `${id}-${fieldId(option.value)}`;
    const hintId = `${optionId}-item-hint`;
    return html`<div class="choice"><input type="radio" id="${optionId}" name="${options.name}" value="${option.value}"${
      option.value === options.value ? html` checked` : ''
    }${options.required ? html` required` : ''}${option.hint ? html` aria-describedby="${hintId}"` : ''}><label for="${optionId}">${
      option.label
    }${option.hint ? html` <span class="hint" id="${hintId}">${option.hint}</span>` : ''}</label></div>
`;
  });
  return html`<div class="${fieldClass(options.error)}">
<fieldset${describedByAttribute(describedBy)}>
<legend>${options.legend}</legend>${lines}
${choices}</fieldset>
</div>
`;
}

export interface FileInputOptions extends FieldBase {
  /** The media types offered by the file picker ("application/pdf"); the server checks again. */
  readonly accept: string;
  readonly required?: boolean;
}

export function fileInput(options: FileInputOptions): SafeHtml {
  const id = fieldId(options.name);
  const { lines, describedBy } = described(id, options);
  return html`<div class="${fieldClass(options.error)}">
<label for="${id}">${options.label}</label>${lines}
<input type="file" id="${id}" name="${options.name}" accept="${options.accept}"${
    options.required ? html` required` : ''
  }${describedByAttribute(describedBy)}${invalidAttribute(options.error)}>
</div>
`;
}

export interface FieldsetOptions {
  readonly legend: string;
  readonly hint?: string;
  /** The legend as a heading of this level (a section of the form), or plain. */
  readonly headingLevel?: 2 | 3;
  readonly id?: string;
  readonly content: SafeHtml | readonly SafeHtml[];
}

/** A group of related fields (a person, an address) under one legend. */
export function fieldset(options: FieldsetOptions): SafeHtml {
  const hintId = options.id && options.hint ? `${options.id}-hint` : undefined;
  const legend =
    options.headingLevel === 2
      ? html`<h2>${options.legend}</h2>`
      : options.headingLevel === 3
        ? html`<h3>${options.legend}</h3>`
        : html`${options.legend}`;
  return html`<fieldset${options.id ? html` id="${options.id}"` : ''}${
    hintId ? html` aria-describedby="${hintId}"` : ''
  }>
<legend>${legend}</legend>${options.hint ? html`<p class="hint"${hintId ? html` id="${hintId}"` : ''}>${options.hint}</p>` : ''}
${options.content}</fieldset>
`;
}

/**
 * The summary of a refused form, first thing in <main>: announced at once (role="alert"),
 * one link per error to the field's control. `labelOf` names each field as its label does,
 * so "must not be empty" reads "District name: must not be empty"; an error of a field that no
 * control shows (`hasControl` false: a whole list, the body) is listed without a link.
 */
export function errorSummary(
  errors: readonly FieldError[],
  labelOf: (field: string) => string | undefined = () => undefined,
  hasControl: (field: string) => boolean = () => true,
): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>
${errors.map((error) => {
  const label = labelOf(error.field);
  const text = `${label ? `${label}: ` : ''}${error.message}`;
  return hasControl(error.field)
    ? html`<li><a href="#${fieldId(error.field)}">${text}</a></li>
`
    : html`<li>${text}</li>
`;
})}</ul>
</div>
`;
}
