package p

type Modes struct{ a, b bool }

func (m *Modes) Set(v bool) { m.a = v }

type Server struct {
	Modes *Modes
	Table map[string]int
}

func (s *Server) modes() Modes {
	if s.Modes != nil {
		return *s.Modes
	}
	_, ok := s.Table["x"]
	off := s.Table != nil && !ok
	if setting.Value() == "0" && !ok {
		off = true
	}
	var m Modes
	m.Set(true)
	if !off {
		m.Set(false)
	}
	return m
}

func (s *Server) Read(m []byte) int { return len(m) }
