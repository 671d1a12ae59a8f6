//! What a reviewer with a SQLite shell checks: no password in clear, a
//! strong salted hash, and a database that enforces email uniqueness.

use kit_harness::sqlite::{Cell, Database, names_column};
use kit_harness::{Ctx, Failure, Outcome, ensure};

use crate::accounts::{email, register};

fn database(cx: &Ctx) -> Result<Database, Failure> {
    let files = cx.files();
    let path = files
        .path_of("DATABASE_PATH")
        .ok_or_else(|| Failure::error("no DATABASE_PATH"))?;
    Database::open_beneath(&files.work_dir, path)
}

fn bcrypt_cost(value: &str) -> Option<u32> {
    let rest = value
        .strip_prefix("$2a$")
        .or_else(|| value.strip_prefix("$2b$"))
        .or_else(|| value.strip_prefix("$2y$"))?;
    let (cost, hash) = rest.split_once('$')?;
    (hash.len() == 53).then(|| cost.parse().ok()).flatten()
}

fn is_argon2id(value: &str) -> bool {
    value.starts_with("$argon2id$")
}

fn place(cell: &Cell) -> String {
    format!("{}.{}", cell.table, cell.column)
}

pub async fn no_plaintext(cx: Ctx) -> Outcome {
    let passwords = ["plaintext-probe-one-4821", "plaintext-probe-two-9307"];
    for (index, password) in passwords.iter().enumerate() {
        register(cx.http(), &email(&format!("plaintext-{index}")), password).await?;
    }
    let cells = database(&cx)?.cells()?;
    let found: Vec<String> = cells
        .iter()
        .filter(|cell| {
            passwords
                .iter()
                .any(|password| cell.value.contains(password))
        })
        .map(place)
        .collect();
    ensure!(
        found.is_empty(),
        "the password is stored in clear, in {}",
        found.join(", ")
    );
    // How much was read depends on what other checks stored before: a
    // measurement (a note), not part of the verdict.
    cx.note(format!("read {} cells of the database", cells.len()));
    Ok("no cell of the database holds a password in clear".to_owned())
}

pub async fn strong_hash(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("hash-cost"), "hash-cost-probe-5512").await?;
    let rows = database(&cx)?.rows_with(&account.email)?;
    ensure!(
        !rows.is_empty(),
        "no row of the database holds the new account's email ({})",
        account.email
    );
    let cells: Vec<&Cell> = rows.iter().flatten().collect();
    if let Some(cell) = cells.iter().find(|cell| is_argon2id(&cell.value)) {
        return Ok(format!("argon2id hash in {}", place(cell)));
    }
    match cells
        .iter()
        .find_map(|cell| bcrypt_cost(&cell.value).map(|cost| (cell, cost)))
    {
        Some((cell, cost)) if cost >= 10 => {
            Ok(format!("bcrypt hash of cost {cost} in {}", place(cell)))
        }
        Some((cell, cost)) => Err(Failure::fail(format!(
            "the bcrypt hash in {} has cost {cost}; the contract asks for 10 or more (each step doubles an attacker's work)",
            place(cell)
        ))),
        None => Err(Failure::fail(
            "the account's row holds no bcrypt ($2a$/$2b$/$2y$) or argon2id hash".to_owned(),
        )),
    }
}

fn row_cells(database: &Database, address: &str) -> Result<Vec<Cell>, Failure> {
    Ok(database.rows_with(address)?.into_iter().flatten().collect())
}

/// A creation time: two registrations in one second share it, and a third
/// one a second later does not, which says nothing about the hash.
fn is_timestamp(cell: &Cell) -> bool {
    let column = cell.column.to_lowercase();
    let named = ["created", "updated", "time", "date"]
        .iter()
        .any(|word| column.contains(word))
        || column.ends_with("_at");
    let bytes = cell.value.as_bytes();
    let dated = bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[7] == b'-';
    let epoch = cell.value.len() <= 13 && cell.value.bytes().all(|byte| byte.is_ascii_digit());
    named || dated || epoch
}

/// Same password, different hashes: the hash is salted. A value the two
/// accounts share is a problem only if it is about the password: a third
/// account with another password must not share it too (a role is the same
/// for everyone), and it is not a timestamp.
pub async fn salted(cx: Ctx) -> Outcome {
    let password = "same-password-for-both-7714";
    let first = register(cx.http(), &email("salt-one"), password).await?;
    let second = register(cx.http(), &email("salt-two"), password).await?;
    let third = register(cx.http(), &email("salt-three"), "another-password-3391").await?;
    let database = database(&cx)?;
    let first_row = row_cells(&database, &first.email)?;
    let second_row = row_cells(&database, &second.email)?;
    let third_row = row_cells(&database, &third.email)?;
    ensure!(
        !first_row.is_empty() && !second_row.is_empty() && !third_row.is_empty(),
        "the accounts' rows were not found by their emails"
    );
    let holds = |row: &[Cell], cell: &Cell| {
        row.iter()
            .any(|other| other.column == cell.column && other.value == cell.value)
    };
    let shared: Vec<String> = first_row
        .iter()
        .filter(|cell| holds(&second_row, cell) && !holds(&third_row, cell) && !is_timestamp(cell))
        .map(place)
        .collect();
    ensure!(
        shared.is_empty(),
        "two accounts with the same password store the same value in {} (and an account with another password does not): the hash is not salted",
        shared.join(", ")
    );
    Ok("two accounts with one password store different hashes".to_owned())
}

pub async fn unique_email(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("unique-index"), "unique-index-probe-1").await?;
    let database = database(&cx)?;
    let rows = database.rows_with(&account.email)?;
    let Some(cell) = rows
        .iter()
        .flatten()
        .find(|cell| cell.value == account.email)
    else {
        return Err(Failure::fail(format!(
            "no cell holds the new account's email ({})",
            account.email
        )));
    };
    let unique = database.unique_column_sets(&cell.table)?;
    // `email` itself, or an expression of it such as `lower(email)`.
    ensure!(
        unique.iter().any(|columns| match columns.as_slice() {
            [only] => names_column(only, &cell.column),
            _ => false,
        }),
        "{}.{} has no UNIQUE constraint or unique index (found unique sets: {unique:?}): only the database can stop two simultaneous registrations of one email",
        cell.table,
        cell.column
    );
    Ok(format!(
        "{}.{} is unique in the schema",
        cell.table, cell.column
    ))
}
