# Messages of the Matrix transport (src/matrix), not of the rituals.
matrix-undecryptable = { $who }, je n'ai pas pu déchiffrer ton message : peux-tu le renvoyer ? (Si cela se répète, vérifie que ton appareil partage ses clés de chiffrement.)
