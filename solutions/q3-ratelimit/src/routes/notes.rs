//! `/api/notes` and `/api/notes/{id}`: create, read and list notes.
//!
//! Handlers only translate between HTTP and the storage: the rules live in
//! `domain`, the status codes in `error`.

use actix_web::{HttpResponse, http::header, web};
use serde::Serialize;

use crate::{
    domain::{JsonObject, NewNote, Note, NoteId},
    error::ApiError,
    storage::Notes,
};

/// `POST /api/notes`: 201 with the stored note and its `Location`.
pub async fn create_note(
    notes: web::Data<Notes>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let new = NewNote::parse(&body).map_err(ApiError::InvalidField)?;
    let note = notes.insert(new);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/notes/{}", note.id)))
        .json(note))
}

/// `GET /api/notes/{id}`: 200 with the note, 404 for an unknown id.
pub async fn get_note(
    notes: web::Data<Notes>,
    path: web::Path<String>,
) -> Result<web::Json<Note>, ApiError> {
    let raw_id = path.into_inner();
    NoteId::parse(&raw_id)
        .and_then(|id| notes.get(id))
        .map(web::Json)
        .ok_or(ApiError::NoteNotFound(raw_id))
}

/// Body of `GET /api/notes`.
#[derive(Debug, Serialize)]
pub struct NoteList {
    pub items: Vec<Note>,
}

/// `GET /api/notes`: every note, oldest first.
pub async fn list_notes(notes: web::Data<Notes>) -> web::Json<NoteList> {
    web::Json(NoteList {
        items: notes.list(),
    })
}
