import { type Statement } from '../database/statement.js';
import type { MessagePageQueryDto } from './dto/message-query.dto.js';

/** A message answer's columns: the message `m` and its sender `s`. */
export const MESSAGE_COLUMNS = `m.id, m.thread_user_id, m.body, m.created_at, m.read_at,
  s.id AS sender_id, s.name AS sender_name, s.surname AS sender_surname, s.rol AS sender_rol`;

/**
 * The staff inbox, first statement: the oldest last-message instant of the page (threads of live users by their
 * last message, newest first, read from `message_threads`' `last_message_at` index); null for an empty page.
 */
export function inboxBoundStatement(query: MessagePageQueryDto): Statement {
  return {
    text: `SELECT min(last_message_at) AS bound FROM (
             SELECT t.last_message_at FROM message_threads t
               JOIN users u ON u.id = t.user_id AND u.deleted_at IS NULL
              WHERE t.last_message_at < $1
              ORDER BY t.last_message_at DESC LIMIT $2
           ) page`,
    params: [query.before ?? 'infinity', query.limit],
  };
}

/**
 * The staff inbox, second statement: every live thread whose last message is in [bound, before) (so the threads
 * sharing the page's oldest instant all come along and paging on by `before` skips none), each with its last
 * message, its user and the count of what the staff has not read. With the bound a known value, the planner sees
 * a page-sized index range.
 */
export function inboxPageStatement(query: MessagePageQueryDto, bound: Date): Statement {
  return {
    text: `
      SELECT ${MESSAGE_COLUMNS},
             u.name AS user_name, u.surname AS user_surname, u.email AS user_email, u.rol AS user_rol,
             (SELECT count(*) FROM messages unread
               WHERE unread.thread_user_id = m.thread_user_id AND unread.sender_id = m.thread_user_id
                 AND unread.read_at IS NULL) AS unread_count
        FROM message_threads t
        -- The user by primary key, thread by thread (a plain join hashed every user for a page of 50).
        CROSS JOIN LATERAL (
          SELECT u.name, u.surname, u.email, u.rol FROM users u WHERE u.id = t.user_id AND u.deleted_at IS NULL LIMIT 1
        ) u
        JOIN messages m ON m.id = t.last_message_id
        JOIN users s ON s.id = m.sender_id
       WHERE t.last_message_at < $1 AND t.last_message_at >= $2
       ORDER BY m.created_at DESC, m.id DESC`,
    params: [query.before ?? 'infinity', bound],
  };
}

/**
 * A page of one thread (or of every message, for an admin without `userId`): the newest `limit` before the cursor,
 * oldest first, on `(thread_user_id, created_at)` or `(created_at)`. Messages sharing the page's oldest millisecond
 * all come along, so paging on by `createdAt` never skips one.
 */
export function messagePageStatement(query: MessagePageQueryDto, threadUserId?: string): Statement {
  const params: unknown[] = [query.before ?? 'infinity', query.limit];
  const thread = threadUserId ? `AND m.thread_user_id = $${params.push(threadUserId)}` : '';
  return {
    text: `WITH page AS (
         SELECT m.created_at FROM messages m
          WHERE m.created_at < $1 ${thread}
          ORDER BY m.created_at DESC LIMIT $2
       )
       SELECT ${MESSAGE_COLUMNS}
         FROM messages m
         -- The sender by primary key, message by message (a plain join hashed every user for a page).
         CROSS JOIN LATERAL (SELECT s.id, s.name, s.surname, s.rol FROM users s WHERE s.id = m.sender_id LIMIT 1) s
        WHERE m.created_at < $1 ${thread} AND m.created_at >= (SELECT min(created_at) FROM page)
        ORDER BY m.created_at, m.id`,
    params,
  };
}
