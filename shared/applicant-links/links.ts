import type { ApplicantLinkKeySource } from './key-source.ts';
import { applicantSecret, isApplicantSecret } from './secret.ts';

/** Builds and checks the links that carry an application's secret. */
export class ApplicantLinks {
  private readonly baseUrl: string | undefined;

  constructor(
    private readonly key: ApplicantLinkKeySource,
    /** The HTTP API's base URL; needed only to build links, not to check secrets. */
    publicApiUrl?: string,
  ) {
    this.baseUrl = publicApiUrl?.replace(/\/+$/, '');
  }

  async secretFor(applicationId: string): Promise<string> {
    return applicantSecret(await this.key(), applicationId);
  }

  async verify(applicationId: string, presented: string): Promise<boolean> {
    return isApplicantSecret(await this.key(), applicationId, presented);
  }

  /** An absolute URL of the API; the path's segments must already be URL-safe. */
  url(path: string, query: Record<string, string> = {}): string {
    if (this.baseUrl === undefined) throw new Error('ApplicantLinks was built without the public API URL');
    const search = new URLSearchParams(query).toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}
