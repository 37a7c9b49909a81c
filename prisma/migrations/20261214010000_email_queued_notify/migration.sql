-- The mail worker sleeps between passes when the outbox is empty, and used to poll it every second.
-- Each poll walks the index past every email a bulk job has inserted but not yet committed (a
-- 250,000-row tracking apply: 100-150 polls of up to a quarter of a second each). Now the worker
-- listens: an insert into the outbox notifies it at commit (once per transaction, whatever the
-- number of rows or statements, since Postgres folds identical notifications), and it polls
-- rarely when nothing comes.
CREATE FUNCTION notify_email_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('email_queued', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER email_message_notify_queued
  AFTER INSERT ON email_message
  FOR EACH STATEMENT EXECUTE FUNCTION notify_email_queued();
