package p

type Row struct {
	ID      bool   `json:"id"`
	Name    string `json:"name,omitempty" db:"name"`
	Deleted bool   `json:"deleted"` // soft delete
	Version int64  `json:"version"`
	Note    bool
}
