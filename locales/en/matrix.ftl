# Messages of the Matrix transport (src/matrix), not of the rituals.
matrix-undecryptable = { $who }, I could not decrypt your message: could you send it again? (If this keeps happening, check that your device shares its encryption keys.)
