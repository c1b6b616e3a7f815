import {
  type CheckboxOptions,
  checkbox,
  type FileInputOptions,
  fileInput,
  type RadiosOptions,
  radios,
  type TextAreaOptions,
  type TextInputOptions,
  textArea,
  textInput,
} from '../platform/html/form.ts';
import type { SafeHtml } from '../platform/html/html.ts';
import type { FieldError } from '../platform/schemas/validation-errors.ts';

/**
 * What a form shows again after a refused post: the values entered, by field name (the dotted
 * path), and the API's field errors. Empty for a new form.
 */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly FieldError[];
}

export const EMPTY_FORM: FormState = { values: {}, errors: [] };

/**
 * The form pieces bound to a form's state: each control gets its value and its error message
 * from the state by its name, and its label is noted for the error summary ("Contact person,
 * email address: must be an email address").
 */
export class FormFields {
  private readonly labels = new Map<string, string>();

  constructor(private readonly state: FormState = EMPTY_FORM) {}

  /** How the error summary names a field; undefined for one no control of the form shows. */
  readonly labelOf = (field: string): string | undefined => this.labels.get(field);

  /** True for a field a control of the form shows (the error summary links to it). */
  readonly hasControl = (field: string): boolean => this.labels.has(field);

  private error(name: string): { error?: string } {
    const found = this.state.errors.find((error) => error.field === name);
    return found ? { error: found.message } : {};
  }

  private value(name: string): { value?: string } {
    const value = this.state.values[name];
    return value === undefined ? {} : { value };
  }

  private note(name: string, label: string, summaryLabel: string | undefined): void {
    this.labels.set(name, summaryLabel ?? label);
  }

  text(options: TextInputOptions, summaryLabel?: string): SafeHtml {
    this.note(options.name, options.label, summaryLabel);
    return textInput({ ...options, ...this.value(options.name), ...this.error(options.name) });
  }

  area(options: TextAreaOptions, summaryLabel?: string): SafeHtml {
    this.note(options.name, options.label, summaryLabel);
    return textArea({ ...options, ...this.value(options.name), ...this.error(options.name) });
  }

  check(options: CheckboxOptions, summaryLabel?: string): SafeHtml {
    this.note(options.name, options.label, summaryLabel);
    const checked = this.state.values[options.name] === (options.value ?? 'true');
    return checkbox({ ...options, checked, ...this.error(options.name) });
  }

  choice(options: RadiosOptions, summaryLabel?: string): SafeHtml {
    this.note(options.name, options.legend, summaryLabel);
    return radios({ ...options, ...this.value(options.name), ...this.error(options.name) });
  }

  file(options: FileInputOptions, summaryLabel?: string): SafeHtml {
    this.note(options.name, options.label, summaryLabel);
    return fileInput({ ...options, ...this.error(options.name) });
  }
}
