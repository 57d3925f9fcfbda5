/**
 * Every built-in kind and the reason a reviewer sees for it. One table so the detectors, the UI and
 * the corpus test all agree on the vocabulary.
 */
const KIND_DESCRIPTIONS = {
  // Cloud
  aws_access_key_id: "AWS access key ID",
  aws_secret_access_key: "AWS secret access key",
  aws_session_token: "AWS session token",
  aws_presigned_signature: "AWS presigned URL signature",
  gcp_api_key: "Google API key",
  gcp_service_account_key: "Google Cloud service-account key file",
  azure_storage_account_key: "Azure storage account key",
  azure_sas_token: "Azure shared access signature",
  azure_client_secret: "Azure AD client secret",
  // Source control, chat, payments, SaaS
  countersign_credential: "Countersign agent key or CLI session",
  github_token: "GitHub token",
  gitlab_token: "GitLab token",
  bitbucket_app_password: "Bitbucket app password",
  atlassian_api_token: "Atlassian API token",
  slack_token: "Slack token",
  slack_webhook_url: "Slack webhook URL",
  stripe_secret_key: "Stripe secret or restricted key",
  stripe_webhook_secret: "Stripe webhook signing secret",
  twilio_api_key: "Twilio API key",
  twilio_auth_token: "Twilio auth token",
  sendgrid_api_key: "SendGrid API key",
  mailgun_api_key: "Mailgun API or webhook signing key",
  mailchimp_api_key: "Mailchimp API key",
  shopify_token: "Shopify access token or shared secret",
  square_token: "Square access token or secret",
  braintree_token: "PayPal Braintree access token",
  datadog_api_key: "Datadog API or application key",
  new_relic_key: "New Relic key",
  sentry_dsn: "Sentry DSN key",
  sentry_token: "Sentry auth token",
  npm_token: "npm access token",
  pypi_token: "PyPI API token",
  docker_hub_token: "Docker Hub access token",
  heroku_api_key: "Heroku API key",
  digitalocean_token: "DigitalOcean token",
  cloudflare_api_token: "Cloudflare API token or key",
  vault_token: "HashiCorp Vault token",
  terraform_cloud_token: "Terraform Cloud token",
  openai_api_key: "OpenAI API key",
  anthropic_api_key: "Anthropic API key",
  huggingface_token: "Hugging Face token",
  ai_provider_api_key: "AI provider API key",
  firebase_fcm_server_key: "Firebase Cloud Messaging server key",
  okta_api_token: "Okta API token",
  linear_api_key: "Linear API key",
  notion_token: "Notion integration token",
  discord_bot_token: "Discord bot token",
  facebook_access_token: "Meta (Facebook) access token",
  discord_webhook_url: "Discord webhook URL",
  telegram_bot_token: "Telegram bot token",
  postman_api_key: "Postman API key",
  grafana_token: "Grafana token",
  supabase_token: "Supabase access token",
  pulumi_token: "Pulumi access token",
  age_secret_key: "age encryption secret key",
  // Generic secrets recognised by structure or by the name they are assigned to
  jwt: "JSON Web Token",
  private_key: "Private key",
  password: "Password",
  bearer_token: "Bearer token",
  basic_auth: "HTTP Basic credentials",
  auth_token: "Authorization credentials",
  cookie: "Cookie value",
  session_id: "Session identifier",
  api_key: "API key",
  access_token: "Access token",
  oauth_client_secret: "OAuth client secret",
  secret: "Secret",
  generic_secret: "High-entropy secret",
  kubernetes_secret: "Kubernetes Secret value",
  // Personal data
  email: "Email address",
  phone_number: "Phone number",
  payment_card: "Payment card number",
  iban: "Bank account number (IBAN)",
  us_ssn: "US Social Security number",
  national_id: "National identity number",
  ip_address: "Client IP address",
  // Personal data recognised by the field or column that names it
  date_of_birth: "Date of birth",
  bank_account_number: "Bank account number",
  tax_id: "Tax identification number",
  passport_number: "Passport number",
  driver_license_number: "Driver's licence number",
  payment_customer_id: "Payment provider customer id",
} as const satisfies Record<string, string>;

export type BuiltInKind = keyof typeof KIND_DESCRIPTIONS;

function isBuiltInKind(kind: string): kind is BuiltInKind {
  return Object.hasOwn(KIND_DESCRIPTIONS, kind);
}

/** Personal data, as opposed to credentials: a request that held any other kind held a secret. */
const PERSONAL_DATA_KINDS: ReadonlySet<string> = new Set<BuiltInKind>([
  "email",
  "phone_number",
  "payment_card",
  "iban",
  "us_ssn",
  "national_id",
  "ip_address",
  "date_of_birth",
  "bank_account_number",
  "tax_id",
  "passport_number",
  "driver_license_number",
  "payment_customer_id",
]);

export function isPersonalDataKind(kind: string): boolean {
  return PERSONAL_DATA_KINDS.has(kind);
}

/** Human reason shown to reviewers. Custom kinds read as their own name ("customer_id" -> "Customer id"). */
export function describeMaskKind(kind: string): string {
  if (isBuiltInKind(kind)) return KIND_DESCRIPTIONS[kind];
  const words = kind.replace(/_/g, " ").trim();
  return words.length === 0 ? "Masked value" : words.charAt(0).toUpperCase() + words.slice(1);
}
