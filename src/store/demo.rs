//! Bulk loading for `murphy demo-data`: COPY in the text format, and the marker that says a
//! database holds demo data.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// Streams `data` (rows in COPY text format) into `table (columns)`.
pub async fn copy(
    conn: &mut PgConnection,
    table: &str,
    columns: &str,
    data: &[u8],
) -> sqlx::Result<u64> {
    if data.is_empty() {
        return Ok(0);
    }
    let statement = format!("COPY {table} ({columns}) FROM STDIN");
    let mut copy = conn.copy_in_raw(&statement).await?;
    for chunk in data.chunks(1 << 20) {
        copy.send(chunk).await?;
    }
    copy.finish().await
}

/// Gathers the planner's statistics and the visibility map (for index-only scans) after a
/// bulk load.
pub async fn analyze(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::raw_sql("VACUUM (ANALYZE)")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Loads one batch of demo rows, `(table, columns, rows in COPY text format)` in order, in
/// one transaction marked as a bulk load.
pub async fn load_batch(
    conn: &mut PgConnection,
    tables: &[(&str, &str, &[u8])],
) -> sqlx::Result<()> {
    use sqlx::Connection;
    let mut tx = conn.begin().await?;
    bulk_load(&mut tx).await?;
    for (table, columns, rows) in tables {
        copy(&mut tx, table, columns, rows).await?;
    }
    tx.commit().await
}

/// Marks the transaction as a bulk load of new incidents: the triggers that track changes to
/// incident pages (which nobody can have seen yet) stand aside until it ends.
pub async fn bulk_load(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query_scalar!("SELECT set_config('murphy.bulk_load', 'on', true)")
        .fetch_one(&mut *tx)
        .await?;
    Ok(())
}

/// Whether demo data was loaded here, and how many incidents are not demo data.
pub async fn status(db: &mut PgConnection) -> sqlx::Result<(bool, i64)> {
    let demo = sqlx::query_scalar!("SELECT value FROM murphy_meta WHERE key = 'demo_incidents'")
        .fetch_optional(&mut *db)
        .await?;
    let demo_count: i64 = demo.as_deref().and_then(|v| v.parse().ok()).unwrap_or(0);
    let all = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM incident"#)
        .fetch_one(&mut *db)
        .await?;
    Ok((demo.is_some(), (all - demo_count).max(0)))
}

/// Records that `added` more demo incidents were loaded.
pub async fn mark(db: impl PgExecutor<'_>, added: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO murphy_meta (key, value) VALUES ('demo_incidents', $1::bigint::text)
         ON CONFLICT (key) DO UPDATE SET value = (murphy_meta.value::bigint + $1::bigint)::text",
        added
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Adds the demo people that are missing (by email) and returns every demo person's id, in
/// the order of `emails`.
pub async fn people(
    db: &mut PgConnection,
    emails: &[String],
    names: &[String],
    roles: &[String],
) -> sqlx::Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = emails.iter().map(|_| Uuid::now_v7()).collect();
    sqlx::query!(
        "INSERT INTO person (id, email, display_name, role, password_hash)
         SELECT id, email, name, role, '!'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, email, name, role)
         ON CONFLICT DO NOTHING",
        &ids,
        emails,
        names,
        roles
    )
    .execute(&mut *db)
    .await?;
    let lower: Vec<String> = emails.iter().map(|e| e.to_lowercase()).collect();
    let rows = sqlx::query!(
        r#"SELECT p.id FROM unnest($1::text[]) WITH ORDINALITY AS t(email, n)
           JOIN person p ON lower(p.email) = t.email ORDER BY t.n"#,
        &lower
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Adds the demo services that are missing (by name) and returns every one's id, in order.
pub async fn services(
    db: &mut PgConnection,
    names: &[String],
    descriptions: &[String],
    targets: &[Option<f64>],
    windows: &[Option<i32>],
) -> sqlx::Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = names.iter().map(|_| Uuid::now_v7()).collect();
    let targets: Vec<f64> = targets.iter().map(|t| t.unwrap_or(-1.0)).collect();
    let windows: Vec<i32> = windows.iter().map(|w| w.unwrap_or(-1)).collect();
    sqlx::query!(
        "INSERT INTO service (id, name, description, slo_target, slo_window_days)
         SELECT id, name, d, nullif(t, -1), nullif(w, -1)
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::int[])
              AS x(id, name, d, t, w)
         ON CONFLICT DO NOTHING",
        &ids,
        names,
        descriptions,
        &targets,
        &windows
    )
    .execute(&mut *db)
    .await?;
    let lower: Vec<String> = names.iter().map(|e| e.to_lowercase()).collect();
    let rows = sqlx::query!(
        r#"SELECT s.id FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)
           JOIN service s ON lower(s.name) = t.name ORDER BY t.n"#,
        &lower
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// The next incident number, and moves the sequence past the `count` numbers taken.
pub async fn take_numbers(db: &mut PgConnection, count: i64) -> sqlx::Result<i64> {
    let first = sqlx::query_scalar!(r#"SELECT coalesce(max(number), 0) + 1 AS "n!" FROM incident"#)
        .fetch_one(&mut *db)
        .await?;
    sqlx::query!(
        "SELECT setval('incident_number_seq', $1)",
        first + count - 1
    )
    .fetch_one(&mut *db)
    .await?;
    Ok(first)
}
