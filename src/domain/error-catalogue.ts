// Every error code the API answers with (api.md "Conventions"): its HTTP status, the shape of its
// `details`, and its sentence in each catalogue language. The server builds its English `message`
// from here; the console shows the sentence in the user's language. Add a code here first: the
// server's ApiError accepts no other code.
import * as z from 'zod/mini';

export const CATALOGUE_LANGUAGES = ['en', 'ru'] as const;
export type CatalogueLanguage = (typeof CATALOGUE_LANGUAGES)[number];
export type Messages = Record<CatalogueLanguage, string>;

/** What a field was refused for, so the console can say it in the user's language. */
export const FIELD_RULES = {
  required: { en: 'Fill in this field.', ru: 'Заполните это поле.' },
  too_long: { en: 'At most {limit} characters.', ru: 'Не больше {limit} символов.' },
  too_short: { en: 'At least {limit} characters.', ru: 'Не меньше {limit} символов.' },
  too_large: { en: 'At most {limit}.', ru: 'Не больше {limit}.' },
  too_small: { en: 'At least {limit}.', ru: 'Не меньше {limit}.' },
  too_many: { en: 'At most {limit} entries.', ru: 'Не больше {limit} элементов.' },
  too_few: { en: 'At least {limit} entries.', ru: 'Не меньше {limit} элементов.' },
  wrong_type: { en: 'This value has the wrong type.', ru: 'Значение неверного типа.' },
  invalid_format: { en: 'This value has the wrong format.', ru: 'Значение в неверном формате.' },
  not_allowed: { en: 'This value is not one of the allowed ones.', ru: 'Такое значение не допускается.' },
  unknown_field: { en: 'This field is not accepted here.', ru: 'Это поле здесь не принимается.' },
  invalid_json: { en: 'The request body is not valid JSON.', ru: 'Тело запроса — не корректный JSON.' },
  invalid_cursor: { en: 'This is not a page cursor from this API.', ru: 'Это не курсор страницы этого API.' },
  in_use: { en: 'This value is already in use.', ru: 'Это значение уже занято.' },
  not_in_future: { en: 'Choose a time in the future.', ru: 'Выберите время в будущем.' },
  not_after_start: { en: 'The end must be after the start.', ru: 'Окончание должно быть позже начала.' },
  required_for_mode: { en: 'Required for this campaign mode.', ru: 'Обязательно для этого режима кампании.' },
  not_for_mode: { en: 'Leave this empty for this campaign mode.', ru: 'Для этого режима кампании оставьте поле пустым.' },
  text_too_many_parts: {
    en: 'The text needs {parts} SMS parts, more than the limit of {limit}.',
    ru: 'Текст занимает {parts} частей SMS — больше лимита {limit}.',
  },
  invalid_template: { en: 'The template is not valid: check the placeholders in double braces.', ru: 'Шаблон некорректен: проверьте подстановки в двойных фигурных скобках.' },
  sender_not_approved: { en: 'Choose an approved, active sender name of this workspace.', ru: 'Выберите одобренное активное имя отправителя этого пространства.' },
  not_offered: { en: 'This option is not offered: choose one from the list.', ru: 'Этот вариант не предлагается: выберите из списка.' },
  password_is_email: { en: 'The password cannot be your e-mail.', ru: 'Пароль не может совпадать с вашим e-mail.' },
  invalid_phone_number: { en: 'This is not a valid phone number.', ru: 'Это не корректный номер телефона.' },
  missing_variable: { en: 'The template uses this value: fill it in.', ru: 'Шаблон использует это значение: заполните его.' },
  unknown_variable: { en: 'The template has no such placeholder.', ru: 'В шаблоне нет такой подстановки.' },
  invalid_sender_address: { en: 'This sender address is not valid.', ru: 'Некорректный адрес отправителя.' },
  invalid: { en: 'This value is not accepted.', ru: 'Это значение не принимается.' },
} as const satisfies Record<string, Messages>;
export type FieldRule = keyof typeof FIELD_RULES;
export const isFieldRule = (rule: unknown): rule is FieldRule => typeof rule === 'string' && Object.hasOwn(FIELD_RULES, rule);

/** One refused field of a 400 `validation_failed`: `path` like `body.name`, `reason` in English. */
export const fieldProblem = z.object({
  path: z.string(),
  reason: z.string(),
  rule: z.optional(z.enum(Object.keys(FIELD_RULES) as [FieldRule, ...FieldRule[]])),
  limit: z.optional(z.number()),
  parts: z.optional(z.number()),
});
export type FieldProblem = z.infer<typeof fieldProblem>;

interface Entry<D extends z.ZodMiniType = z.ZodMiniType> {
  status: number;
  details: D;
  /** Sentence when `details.reason` names no variant (or there are no variants). */
  message: Messages;
  /** Sentences chosen by `details.reason`. */
  reasons?: Record<string, Messages>;
  /** Details that fill every placeholder (the catalogue test renders each sentence with them, adding each reason). */
  example?: unknown;
  /** Placeholder values said in each language (e.g. a campaign action). */
  words?: Record<string, Record<string, Messages>>;
  /** Placeholder values computed from the details (default: the details' own fields). */
  vars?: (details: z.infer<D>) => Record<string, string | number>;
}

const entry = <D extends z.ZodMiniType>(e: Entry<D>) => e;
const none = z.undefined();
const withReason = <R extends Record<string, Messages>, S extends z.core.$ZodLooseShape>(reasons: R, shape: S = {} as S) =>
  z.optional(z.object({ reason: z.enum(Object.keys(reasons) as [keyof R & string, ...(keyof R & string)[]]), ...shape }));

const retryAfter = z.object({ retry_after: z.int() });

const INVALID_STATE = {
  token_revoked: { en: 'The token is already revoked.', ru: 'Токен уже отозван.' },
  user_already_blocked: { en: 'The user is already blocked.', ru: 'Пользователь уже заблокирован.' },
  user_not_blocked: { en: 'The user is not blocked.', ru: 'Пользователь не заблокирован.' },
  default_workspace: { en: 'The default workspace cannot be archived.', ru: 'Пространство по умолчанию нельзя архивировать.' },
  workspace_archived: { en: 'The workspace is already archived.', ru: 'Пространство уже в архиве.' },
  workspace_not_archived: { en: 'The workspace is not archived.', ru: 'Пространство не в архиве.' },
  workspace_has_active_campaigns: {
    en: 'The workspace has campaigns that are pending, building, sending or paused. Finish or cancel them first.',
    ru: 'В пространстве есть кампании в ожидании, подготовке, отправке или на паузе. Сначала завершите или отмените их.',
  },
  request_decided: { en: 'The join request is already {status}.', ru: 'Запрос на вступление уже рассмотрен ({status}).' },
  invitation_decided: { en: 'The invitation is already {status}.', ru: 'Приглашение уже неактуально ({status}).' },
  revision_decided: { en: 'This revision has already been {status}.', ru: 'Эта редакция уже рассмотрена ({status}).' },
  sender_archived: { en: 'The sender name is archived.', ru: 'Имя отправителя в архиве.' },
  campaign_not_trigger: { en: 'Numbers can be pushed only to Trigger campaigns.', ru: 'Номера можно передавать только в кампании режима Trigger.' },
  campaign_ended: { en: 'The campaign has ended ({status}).', ru: 'Кампания завершена ({status}).' },
  campaign_not_started: { en: 'The campaign is not approved and started yet.', ru: 'Кампания ещё не одобрена и не запущена.' },
  trigger_has_no_file: {
    en: 'A Trigger campaign has no recipient file: numbers are pushed through the trigger API.',
    ru: 'У кампании Trigger нет файла получателей: номера передаются через trigger API.',
  },
  recipients_not_new: {
    en: 'The recipients can be replaced only while the campaign is New (it is {status}).',
    ru: 'Получателей можно заменить, только пока кампания в статусе New (сейчас {status}).',
  },
  recipients_approved: {
    en: 'The campaign is approved: edit it first (that sends it back to moderation), then replace the recipients.',
    ru: 'Кампания одобрена: сначала измените её (она вернётся на модерацию), затем замените получателей.',
  },
  campaign_archived: { en: 'Restore the campaign from the archive first.', ru: 'Сначала восстановите кампанию из архива.' },
  campaign_transition: { en: 'A campaign that is {status} cannot be {action} now.', ru: 'Кампанию в статусе {status} сейчас нельзя {action}.' },
} satisfies Record<string, Messages>;

/** The campaign actions of the lifecycle table, as `campaign_transition` says them. */
const CAMPAIGN_ACTIONS = {
  edit: { en: 'edited', ru: 'изменить' },
  submit: { en: 'submitted for approval', ru: 'отправить на модерацию' },
  approve: { en: 'approved', ru: 'одобрить' },
  reject: { en: 'rejected', ru: 'отклонить' },
  start: { en: 'started', ru: 'запустить' },
  pause: { en: 'paused', ru: 'приостановить' },
  resume: { en: 'resumed', ru: 'возобновить' },
  cancel: { en: 'cancelled', ru: 'отменить' },
  archive: { en: 'archived', ru: 'архивировать' },
  restore: { en: 'restored', ru: 'восстановить' },
  delete: { en: 'deleted', ru: 'удалить' },
} satisfies Record<string, Messages>;

const CONFLICT = {
  changed: { en: 'Someone else changed this meanwhile. Reload and try again.', ru: 'Кто-то изменил это одновременно с вами. Обновите страницу и попробуйте снова.' },
  members_changed: { en: 'Someone else changed the members meanwhile. Reload and try again.', ru: 'Кто-то изменил список участников одновременно с вами. Обновите страницу и попробуйте снова.' },
  account_changed: { en: 'Your account changed meanwhile. Sign in again.', ru: 'Ваша учётная запись изменилась. Войдите снова.' },
  workspace_slug_taken: { en: 'A workspace with this slug already exists.', ru: 'Пространство с таким адресом уже существует.' },
  user_email_taken: { en: 'A user with this e-mail already exists.', ru: 'Пользователь с таким e-mail уже существует.' },
  sender_name_taken: { en: 'A sender name with this name already exists in this workspace.', ru: 'Имя отправителя с таким названием уже есть в этом пространстве.' },
  campaign_id_taken: { en: 'This campaign id is already in use.', ru: 'Этот идентификатор кампании уже занят.' },
  account_just_created: {
    en: 'An account with this e-mail was just created. Sign in, then open the link again.',
    ru: 'Учётная запись с этим e-mail только что создана. Войдите и откройте ссылку снова.',
  },
  core_job_missing: { en: 'The campaign is not linked to its Core job yet. Try again in a minute.', ru: 'Кампания ещё не связана с заданием в Core. Попробуйте через минуту.' },
  core_job_lost: {
    en: 'Core no longer has the job of this campaign: it cannot be sent or reported on. The campaign is marked Failed within a minute.',
    ru: 'В Core больше нет задания этой кампании: она не будет отправлена, и отчёта по ней нет. В течение минуты кампания получит статус Failed.',
  },
  upload_running: { en: 'Another upload to this campaign is still running.', ru: 'Другая загрузка в эту кампанию ещё идёт.' },
  upload_outdated: {
    en: 'The campaign kept changing while the upload was recorded. Reload it: Core has the new list.',
    ru: 'Кампания менялась во время записи загрузки. Обновите страницу: в Core уже новый список.',
  },
  core_refused: { en: 'Core refused the change in its current state.', ru: 'Core отклонил изменение в текущем состоянии.' },
} satisfies Record<string, Messages>;

const FORBIDDEN = {
  not_allowed: { en: 'You are not allowed to do this.', ru: 'У вас нет прав на это действие.' },
  cross_site: { en: 'Cross-site request refused: the Origin header must be this site.', ru: 'Межсайтовый запрос отклонён: заголовок Origin должен указывать на этот сайт.' },
  block_self: { en: 'You cannot block yourself.', ru: 'Нельзя заблокировать самого себя.' },
  token_scope: { en: 'This token may not send trigger messages.', ru: 'Этот токен не может отправлять trigger-сообщения.' },
  members_admin_only: { en: 'Only a workspace admin can change members.', ru: 'Изменять участников может только администратор пространства.' },
} satisfies Record<string, Messages>;

const NOT_FOUND = {
  route: { en: 'No route {method} {path}.', ru: 'Нет маршрута {method} {path}.' },
  invitation: { en: 'This invitation link is not valid.', ru: 'Эта ссылка-приглашение недействительна.' },
} satisfies Record<string, Messages>;

const UNAUTHENTICATED = {
  api_token: { en: 'A valid workspace API token is required (Authorization: Bearer mct_…).', ru: 'Нужен действующий API-токен пространства (Authorization: Bearer mct_…).' },
  metrics_token: { en: 'A valid metrics token is required.', ru: 'Нужен действующий токен метрик.' },
} satisfies Record<string, Messages>;

const UNSUPPORTED = {
  upload: { en: 'Upload the file as text/plain, text/csv or application/octet-stream.', ru: 'Загрузите файл как text/plain, text/csv или application/octet-stream.' },
} satisfies Record<string, Messages>;

const fieldNames = (problems: FieldProblem[]) => ({ fields: [...new Set(problems.map((p) => p.path.replace(/^(body|query|params)\./, '')))].join(', ') });

export const ERROR_CATALOGUE = {
  validation_failed: entry({
    status: 400,
    details: z.array(fieldProblem),
    message: { en: 'Check the marked fields: {fields}.', ru: 'Проверьте отмеченные поля: {fields}.' },
    vars: fieldNames,
    example: [{ path: 'body.name', reason: 'required' }],
  }),
  binary_file: entry({
    status: 400,
    details: none,
    message: { en: 'This looks like a binary file. Upload a text file (.txt or .csv) with one number per line.', ru: 'Похоже, это двоичный файл. Загрузите текстовый файл (.txt или .csv), по одному номеру в строке.' },
  }),
  unauthenticated: entry({
    status: 401,
    details: withReason(UNAUTHENTICATED),
    message: { en: 'Sign in to continue.', ru: 'Войдите, чтобы продолжить.' },
    reasons: UNAUTHENTICATED,
  }),
  invalid_credentials: entry({ status: 401, details: none, message: { en: 'E-mail or password is wrong.', ru: 'Неверный e-mail или пароль.' } }),
  account_locked: entry({
    status: 401,
    details: retryAfter,
    message: { en: 'Too many failed attempts. Try again in {retry_after} s.', ru: 'Слишком много неудачных попыток. Попробуйте через {retry_after} с.' },
    example: { retry_after: 60 },
  }),
  sign_in_required: entry({
    status: 401,
    details: none,
    message: { en: 'An account with this e-mail exists. Sign in, then open the link again.', ru: 'Учётная запись с этим e-mail уже есть. Войдите и откройте ссылку снова.' },
  }),
  forbidden: entry({ status: 403, details: withReason(FORBIDDEN), message: FORBIDDEN.not_allowed, reasons: FORBIDDEN }),
  own_role: entry({ status: 403, details: none, message: { en: 'You cannot change your own role.', ru: 'Нельзя изменить собственную роль.' } }),
  super_admin_target: entry({
    status: 403,
    details: none,
    message: { en: 'Only a super admin can change a super admin.', ru: 'Изменить супер-администратора может только супер-администратор.' },
  }),
  four_eyes: entry({
    status: 403,
    details: none,
    message: {
      en: 'You created or changed this content, so someone else has to approve or reject it (four eyes).',
      ru: 'Вы создали или изменяли это содержимое, поэтому одобрить или отклонить его должен другой человек (принцип четырёх глаз).',
    },
  }),
  no_recipients: entry({
    status: 422,
    details: none,
    message: {
      en: 'Upload a recipient file with at least one valid number before submitting.',
      ru: 'Перед отправкой на модерацию загрузите файл получателей хотя бы с одним правильным номером.',
    },
  }),
  paused_by_window: entry({
    status: 422,
    details: none,
    message: {
      en: 'The campaign is paused outside its sending window; it resumes by itself when the window opens.',
      ru: 'Кампания приостановлена вне окна отправки и возобновится сама, когда окно откроется.',
    },
  }),
  idempotency_key_reused: entry({
    status: 422,
    details: none,
    message: {
      en: 'This Idempotency-Key was already used for a different request.',
      ru: 'Этот Idempotency-Key уже использован для другого запроса.',
    },
  }),
  idempotency_in_progress: entry({
    status: 409,
    details: none,
    message: {
      en: 'A request with this Idempotency-Key is still being processed. Retry later.',
      ru: 'Запрос с этим Idempotency-Key ещё обрабатывается. Повторите позже.',
    },
  }),
  wrong_password: entry({ status: 403, details: none, message: { en: 'The current password is wrong.', ru: 'Текущий пароль указан неверно.' } }),
  password_change_required: entry({ status: 403, details: none, message: { en: 'Change your password to continue.', ru: 'Смените пароль, чтобы продолжить.' } }),
  invitation_email_mismatch: entry({
    status: 403,
    details: none,
    message: {
      en: 'This invitation is for another e-mail address. Sign out and open the link again.',
      ru: 'Это приглашение для другого e-mail. Выйдите и откройте ссылку снова.',
    },
  }),
  not_found: entry({
    status: 404,
    details: withReason(NOT_FOUND, { method: z.optional(z.string()), path: z.optional(z.string()) }),
    message: { en: 'Not found.', ru: 'Не найдено.' },
    reasons: NOT_FOUND,
    example: { method: 'GET', path: '/api/nothing' },
  }),
  conflict: entry({
    status: 409,
    details: withReason(CONFLICT, { fields: z.optional(z.array(fieldProblem)), core: z.optional(z.unknown()) }),
    message: CONFLICT.changed,
    reasons: CONFLICT,
  }),
  already_member: entry({
    status: 409,
    details: z.object({ workspace: z.string() }),
    message: { en: 'This person is already a member of {workspace}.', ru: 'Этот человек уже участник пространства {workspace}.' },
    example: { workspace: 'Acme' },
  }),
  join_request_pending: entry({
    status: 409,
    details: z.object({ workspace: z.string() }),
    message: { en: 'You already asked to join {workspace}; an admin will decide.', ru: 'Вы уже попросились в {workspace}; решение примет администратор.' },
    example: { workspace: 'Acme' },
  }),
  invitation_pending: entry({
    status: 409,
    details: z.object({ email: z.string() }),
    message: {
      en: '{email} already has a pending invitation to this workspace. Revoke it to send a new one.',
      ru: 'У {email} уже есть действующее приглашение в это пространство. Отзовите его, чтобы отправить новое.',
    },
    example: { email: 'ann@example.com' },
  }),
  invitation_expired: entry({
    status: 410,
    details: none,
    message: { en: 'This invitation has expired. Ask a workspace admin for a new one.', ru: 'Срок приглашения истёк. Попросите администратора пространства прислать новое.' },
  }),
  invitation_revoked: entry({
    status: 410,
    details: none,
    message: { en: 'This invitation was withdrawn. Ask a workspace admin for a new one.', ru: 'Приглашение отозвано. Попросите администратора пространства прислать новое.' },
  }),
  invitation_used: entry({
    status: 410,
    details: none,
    message: { en: 'This invitation was already accepted. Sign in to continue.', ru: 'Приглашение уже принято. Войдите, чтобы продолжить.' },
  }),
  payload_too_large: entry({
    status: 413,
    details: z.optional(z.object({ limit_bytes: z.number() })),
    message: { en: 'The request body or file is too large.', ru: 'Тело запроса или файл слишком велики.' },
  }),
  unsupported_media_type: entry({
    status: 415,
    details: withReason(UNSUPPORTED),
    message: { en: 'This content type is not accepted here.', ru: 'Такой тип содержимого здесь не принимается.' },
    reasons: UNSUPPORTED,
  }),
  invalid_state: entry({
    status: 422,
    details: withReason(INVALID_STATE, { status: z.optional(z.string()), action: z.optional(z.string()) }),
    message: { en: 'This action is not possible in the current status.', ru: 'Это действие невозможно в текущем статусе.' },
    reasons: INVALID_STATE,
    example: { status: 'Sending', action: 'approve' },
    words: { action: CAMPAIGN_ACTIONS },
  }),
  last_admin: entry({
    status: 422,
    details: z.object({ workspace: z.string() }),
    message: { en: '{workspace} must keep at least one admin.', ru: 'В пространстве {workspace} должен остаться хотя бы один администратор.' },
    example: { workspace: 'Acme' },
  }),
  text_too_long: entry({
    status: 422,
    details: z.object({ parts: z.number(), sms_limit: z.number() }),
    message: {
      en: 'The filled text needs {parts} SMS parts; the campaign allows {sms_limit}.',
      ru: 'Заполненный текст занимает {parts} частей SMS; кампания допускает {sms_limit}.',
    },
    example: { parts: 3, sms_limit: 2 },
  }),
  rate_limited: entry({
    status: 429,
    details: retryAfter,
    message: { en: 'Too many requests. Try again in {retry_after} s.', ru: 'Слишком много запросов. Попробуйте через {retry_after} с.' },
    example: { retry_after: 30 },
  }),
  upload_cancelled: entry({
    // 499, as proxies log it: the client closed the request; nobody reads this answer.
    status: 499,
    details: none,
    message: { en: 'The upload was cancelled before the file was complete; the previous list is kept.', ru: 'Загрузка отменена до конца файла; остаётся прежний список.' },
  }),
  internal_error: entry({
    status: 500,
    details: none,
    message: { en: 'Something went wrong on our side. The error was logged.', ru: 'Что-то пошло не так на нашей стороне. Ошибка записана в журнал.' },
  }),
  core_rejected: entry({
    status: 502,
    details: z.object({ core_status: z.number(), core: z.optional(z.unknown()) }),
    message: { en: 'Core refused the request (HTTP {core_status}).', ru: 'Core отклонил запрос (HTTP {core_status}).' },
    example: { core_status: 400 },
  }),
  core_unavailable: entry({
    status: 503,
    details: none,
    message: { en: 'Core is not responding. Please try again later.', ru: 'Core не отвечает. Попробуйте позже.' },
  }),
  database_unavailable: entry({
    status: 503,
    details: none,
    message: { en: 'The database is not reachable. Please try again later.', ru: 'База данных недоступна. Попробуйте позже.' },
  }),
  audit_unavailable: entry({
    status: 503,
    details: z.object({ reason: z.string() }),
    message: {
      en: 'The action could not be recorded in the audit log, so it was refused. Please try again later.',
      ru: 'Действие не удалось записать в журнал аудита, поэтому оно отклонено. Попробуйте позже.',
    },
  }),
};

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorDetails<C extends ErrorCode> = z.input<(typeof ERROR_CATALOGUE)[C]['details']>;
export type InvalidStateReason = keyof typeof INVALID_STATE;
export type ConflictReason = keyof typeof CONFLICT;
export type ForbiddenReason = keyof typeof FORBIDDEN;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, code);

/** The sentence (with its placeholders) for `code` and `details`: the reason's variant, else the code's own. */
export function messageTemplate(code: ErrorCode, details: unknown, language: CatalogueLanguage): string {
  const e: Entry = ERROR_CATALOGUE[code];
  const reason = typeof details === 'object' && details !== null && 'reason' in details ? String(details.reason) : null;
  const variant = reason !== null && e.reasons && Object.hasOwn(e.reasons, reason) ? e.reasons[reason] : undefined;
  return (variant ?? e.message)[language];
}

/** `{name}` placeholders replaced by `values`; `format` lets a reader show a value in its own words. */
export function interpolate(template: string, values: Record<string, unknown>, format: (name: string, value: string) => string = (_n, v) => v): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined || value === null || typeof value === 'object' ? whole : format(name, String(value));
  });
}

/** The placeholder values of an error: the entry's own computation, else the details' fields. */
export function messageValues(code: ErrorCode, details: unknown): Record<string, unknown> {
  const e: Entry = ERROR_CATALOGUE[code];
  const parsed = e.details.safeParse(details);
  if (!parsed.success) return {};
  if (e.vars) return e.vars(parsed.data);
  return typeof parsed.data === 'object' && parsed.data !== null ? (parsed.data as Record<string, unknown>) : {};
}

/**
 * The catalogue's sentence for an error in `language`, placeholders filled from its details;
 * `format` shows other values in the reader's words (e.g. a campaign status in the console).
 */
export function errorMessage(
  code: ErrorCode,
  details: unknown,
  language: CatalogueLanguage,
  format: (name: string, value: string) => string = (_n, v) => v,
): string {
  const words = (ERROR_CATALOGUE[code] as Entry).words ?? {};
  const say = (name: string, value: string) => words[name]?.[value]?.[language] ?? format(name, value);
  return interpolate(messageTemplate(code, details, language), messageValues(code, details), say);
}

export function fieldMessage(problem: Pick<FieldProblem, 'rule' | 'limit' | 'parts'>, language: CatalogueLanguage): string {
  const rule = problem.rule && Object.hasOwn(FIELD_RULES, problem.rule) ? problem.rule : 'invalid';
  return interpolate(FIELD_RULES[rule][language], { limit: problem.limit, parts: problem.parts });
}
